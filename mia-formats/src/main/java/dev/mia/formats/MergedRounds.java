package dev.mia.formats;

import dev.mia.core.InvalidSampleException;
import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.MultiImageSample;
import dev.mia.core.data.Provenance;
import dev.mia.core.data.SftSample;
import dev.mia.core.data.SourceImage;
import dev.mia.core.data.Turn;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/** The multi-round collage of {@link GridFormat#buildMultiRound}; see there. */
final class MergedRounds {
  private MergedRounds() {}

  static MultiImageSample build(
      GridFormat format,
      List<SftSample> targets,
      List<Picture> targetPictures,
      List<Picture> companions,
      RandomGenerator random) {
    if (targets.isEmpty() || targets.size() != targetPictures.size()) {
      throw new IllegalArgumentException(
          "targets and targetPictures must be non-empty and of one size, but are: "
              + targets.size()
              + " and "
              + targetPictures.size());
    }
    for (SftSample target : targets) {
      if (target.images().size() != 1) {
        throw new InvalidSampleException(
            target.id(),
            "a grid is built from single-image samples, but it has "
                + target.images().size()
                + " images");
      }
    }
    int count = targets.size() + companions.size();
    format.layout(count); // rejects a bad count before any work
    List<Picture> items = new ArrayList<>(count);
    items.addAll(targetPictures);
    items.addAll(companions);
    // positionOf[i]: where item i (targets first, then companions) lands after the shuffle
    int[] positionOf = new int[count];
    int[] itemAt = new int[count];
    for (int i = 0; i < count; i++) {
      positionOf[i] = i;
      itemAt[i] = i;
    }
    // Fisher-Yates as Arrangement.shuffle: nextInt(i + 1) for i from the last position down to 1.
    for (int i = count - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int a = itemAt[i];
      int b = itemAt[j];
      itemAt[i] = b;
      itemAt[j] = a;
      positionOf[b] = i;
      positionOf[a] = j;
    }
    List<BufferedImage> pixels = new ArrayList<>(count);
    List<SourceImage> sources = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      Picture picture = items.get(itemAt[k]);
      pixels.add(picture.requirePixels());
      sources.add(picture.source());
    }
    Collage collage = format.compose(pixels);
    List<Turn> turns = new ArrayList<>();
    List<String> sourceIds = new ArrayList<>(targets.size());
    Map<String, Double> scores = new TreeMap<>();
    scores.put("imageCount", (double) count);
    scores.put("targetIndex", (double) positionOf[0]);
    for (int t = 0; t < targets.size(); t++) {
      SftSample target = targets.get(t);
      int n = positionOf[t] + 1;
      sourceIds.add(target.id());
      scores.put("targetIndex." + t, (double) positionOf[t]);
      boolean firstOfAll = t == 0;
      Conversation rewritten =
          Questions.rewrite(
              target.conversation(),
              turn ->
                  firstOfAll && turn == 0
                      ? Conversation.IMAGE_PLACEHOLDER + "\nIn Image" + n + ", "
                      : "In image" + n + ", ");
      turns.addAll(rewritten.turns());
    }
    Provenance provenance =
        new Provenance(sourceIds, List.of())
            .withCompanions(GridFormat.ids(companions))
            .with(Provenance.Stage.of("mia-formats/grid-multi-round", format.toString(), scores));
    return new MultiImageSample(
        targets.get(0).id() + "-grid" + count + "-rounds" + targets.size(),
        List.of(ImageRef.InMemory.of(collage.image())),
        positionOf[0],
        collage.layout().withSources(sources),
        new Conversation(turns),
        provenance);
  }
}
