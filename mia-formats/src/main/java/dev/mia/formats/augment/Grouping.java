package dev.mia.formats.augment;

/** How a {@link CompanionPool} splits images into the sets companions are drawn from. */
public enum Grouping {
  /**
   * By the first segment of the image path ({@code coco/train2017/1.jpg} is in {@code coco}; a path
   * without {@code /} is in the group {@code ""}): MIA-DPO draws companions from the same
   * sub-dataset of LLaVA-665k (coco, gqa, ocr_vqa, textvqa, vg).
   */
  FIRST_PATH_SEGMENT,

  /** One group holding every image. */
  WHOLE_POOL;

  /**
   * Returns the group of an image path.
   *
   * @param path the image path as in the data
   * @return the group's name
   */
  public String groupOf(String path) {
    if (this == WHOLE_POOL) {
      return "";
    }
    int slash = path.indexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }
}
