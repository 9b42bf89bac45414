package dev.mia.formats.augment;

import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.SftSample;
import dev.mia.core.data.Turn;
import dev.mia.formats.GridFormat;
import dev.mia.formats.label.LabelStyle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/** Small images on disk and samples that refer to them. */
final class Fixtures {
  /** Tiles of 40, margin 12, labels at scale 1: fast, and "Image9" (35 px + 2) fits. */
  static final GridFormat SMALL_GRID =
      GridFormat.builder().tileSize(40).margin(12).label(new LabelStyle(1, 0, 2, 10)).build();

  private Fixtures() {}

  /** Writes {@code count} noisy 24x16 PNGs as {@code <group>/img<i>.png}; returns their paths. */
  static List<String> writeImages(Path root, String group, int count) throws IOException {
    Files.createDirectories(root.resolve(group));
    List<String> paths = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(group.hashCode());
    for (int i = 0; i < count; i++) {
      BufferedImage image = new BufferedImage(24, 16, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 16; y++) {
        for (int x = 0; x < 24; x++) {
          image.setRGB(x, y, random.nextInt(0x1000000));
        }
      }
      String path = group + "/img" + i + ".png";
      ImageIO.write(image, "png", root.resolve(path).toFile());
      paths.add(path);
    }
    return paths;
  }

  static SftSample sample(String id, String imagePath) {
    return new SftSample(
        id,
        List.of(ImageRef.OnDisk.of(imagePath)),
        Conversation.of(
            Turn.human("<image>\nWhat is in Picture " + id + "?"),
            Turn.assistant("Something."),
            Turn.human("Where is It?"),
            Turn.assistant("Here.")));
  }
}
