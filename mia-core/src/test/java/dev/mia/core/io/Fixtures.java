package dev.mia.core.io;

import dev.mia.core.data.Conversation;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.data.Provenance;
import dev.mia.core.data.TokenWeights;
import dev.mia.core.data.Turn;
import java.util.List;
import java.util.Map;

/** Records shared by the tests of this package. */
final class Fixtures {
  private Fixtures() {}

  /** A one-image, one-turn pair. */
  static PreferencePair pair(String id) {
    return PreferencePair.builder(
            id, Conversation.of(Turn.human("<image>\nWhat colour is the bus?")), "Red.", "Blue.")
        .images(List.of(ImageRef.OnDisk.of("coco/1.jpg")))
        .build();
  }

  /** A pair with every optional part: two images, three prompt turns, weights, provenance. */
  static PreferencePair fullPair(String id) {
    return PreferencePair.builder(
            id,
            Conversation.of(
                Turn.human(
                    "Image1:<image>\nImage2:<image>\nIn Image2, what is \"on\" the t\u00e4ble?"),
                Turn.assistant("A cup."),
                Turn.human("And its colour?")),
            "White \ud83d\ude8c.",
            "Black.\nReally.")
        .images(
            List.of(
                new ImageRef.OnDisk("a.jpg", "0".repeat(63) + "f"), ImageRef.OnDisk.of("b.jpg")))
        .tokenWeights(TokenWeights.of(new float[] {1f, 0.1f, 5f}, new float[] {1f / 3, 0f}))
        .weight(0.7)
        .provenance(
            Provenance.from("coco-7", "coco-9")
                .with(
                    Provenance.Stage.of(
                        "attention-selector",
                        "threshold=0.6",
                        Map.of("share", 0.41, "ppl", 1.2345678901234567)))
                .with(Provenance.Stage.of("noop", "", Map.of())))
        .build();
  }
}
