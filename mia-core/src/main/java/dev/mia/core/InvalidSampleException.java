package dev.mia.core;

/**
 * A sample whose content breaks a rule of its type: an empty conversation, an empty answer, {@code
 * <image>} placeholders that do not match the images, a duplicate id.
 *
 * <p>The message always starts with the sample's id, so that a pipeline's report says which record
 * to fix: {@code sample 'coco-17': the conversation has 2 <image> placeholders but 1 image}.
 */
public class InvalidSampleException extends MiaException {
  private static final long serialVersionUID = 1L;

  /** The id of the sample at fault. */
  private final String sampleId;

  /**
   * Creates an exception for the sample with the given id.
   *
   * @param sampleId the id of the sample at fault, as written in its source
   * @param problem what is wrong with it, without the id
   */
  public InvalidSampleException(String sampleId, String problem) {
    super("sample '" + sampleId + "': " + problem);
    this.sampleId = sampleId;
  }

  /**
   * Returns the id of the sample at fault.
   *
   * @return the sample id
   */
  public String sampleId() {
    return sampleId;
  }
}
