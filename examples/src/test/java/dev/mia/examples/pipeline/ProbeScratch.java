package dev.mia.examples.pipeline;

import ai.djl.ndarray.NDManager;
import dev.mia.core.data.Conversation;
import dev.mia.core.model.GenerateOptions;
import dev.mia.core.model.GenerationRequest;
import dev.mia.core.model.Prompt;
import dev.mia.examples.tiny.TinyLvlm;
import dev.mia.examples.world.QuestionMaker;
import dev.mia.examples.world.Scene;
import dev.mia.examples.world.SceneObject;
import dev.mia.examples.world.SceneSampler;
import dev.mia.examples.world.WorldQuestion;
import java.nio.file.Path;
import java.util.List;

/** Scratch: not committed. */
public final class ProbeScratch {
  public static void main(String[] a) {
    try (TinyLvlm model = TinyLvlm.load(Path.of(a[0]));
        NDManager m = NDManager.newBaseManager()) {
      SceneSampler sampler = SceneSampler.builder(model.config().imageSide()).cells(true).build();
      int[][] c = new int[5][2];
      int[][] q = new int[4][2];
      for (int i = 0; i < 600; i++) {
        Scene s = sampler.sample(777_000 + i);
        for (SceneObject o : s.objects()) {
          if (s.count(o.shape()) != 1) continue;
          for (int k = 0; k < 2; k++) {
            WorldQuestion wq =
                k == 0
                    ? QuestionMaker.horizontal(s, o.shape())
                    : QuestionMaker.vertical(s, o.shape());
            Prompt p =
                new Prompt(
                    List.of(s.render()),
                    Conversation.of(dev.mia.core.data.Turn.human("<image>\n" + wq.text())));
            String got =
                model
                    .generate(
                        m,
                        List.of(GenerationRequest.of(p)),
                        GenerateOptions.builder().maxNewTokens(3).build())
                    .get(0)
                    .text()
                    .strip();
            boolean ok = got.equals(wq.answer());
            int n = s.objects().size();
            c[n][0] += ok ? 1 : 0;
            c[n][1]++;
            int quad = (o.x() >= s.side() / 2 ? 1 : 0) + (o.y() >= s.side() / 2 ? 2 : 0);
            q[quad][0] += ok ? 1 : 0;
            q[quad][1]++;
          }
        }
      }
      for (int n = 1; n <= 4; n++)
        System.out.println("objects " + n + ": " + c[n][0] + "/" + c[n][1]);
      for (int n = 0; n < 4; n++)
        System.out.println("quadrant " + n + ": " + q[n][0] + "/" + q[n][1]);
    }
  }
}
