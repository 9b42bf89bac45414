package dev.mia.examples.pipeline;

import dev.mia.core.data.MultiImageFormat;
import dev.mia.examples.tiny.TinyLvlm;
import dev.mia.examples.tiny.TinyLvlmConfig;
import dev.mia.examples.tiny.TinyLvlmTrainer;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.Map;

/** Scratch: not committed. */
public final class PremiseScratch {
  public static void main(String[] a) {
    Map<String, String> o = new java.util.HashMap<>();
    for (String s : a) {
      String[] kv = s.split("=");
      o.put(kv[0], kv[1]);
    }
    int stem = Integer.parseInt(o.getOrDefault("stem", "16"));
    int patch = Integer.parseInt(o.getOrDefault("patch", "16"));
    int dim = Integer.parseInt(o.getOrDefault("dim", "64"));
    int layers = Integer.parseInt(o.getOrDefault("layers", "3"));
    int steps = Integer.parseInt(o.getOrDefault("steps", "600"));
    int batch = Integer.parseInt(o.getOrDefault("batch", "24"));
    float lr = Float.parseFloat(o.getOrDefault("lr", "0.002"));
    double multi = Double.parseDouble(o.getOrDefault("multi", "0.05"));
    boolean cells = Boolean.parseBoolean(o.getOrDefault("cells", "true"));
    boolean seqOnly = Boolean.parseBoolean(o.getOrDefault("seqonly", "true"));
    int scenes = Integer.parseInt(o.getOrDefault("scenes", "600"));
    long seed = Long.parseLong(o.getOrDefault("seed", "0"));
    PipelineConfig config =
        PipelineConfig.builder(PipelineConfig.Preset.STUDY)
            .model(
                TinyLvlmConfig.builder()
                    .imageSide(Integer.parseInt(o.getOrDefault("side", "32")))
                    .patchSize(patch)
                    .modelDim(dim)
                    .heads(4)
                    .layers(layers)
                    .maxSequenceLength(112)
                    .stemChannels(stem)
                    .prefixAttention(Boolean.parseBoolean(o.getOrDefault("prefix", "false")))
                    .build())
            .scenes(scenes, 300)
            .eval(1000, 40, 400)
            .sftSteps(steps)
            .sftBatch(batch)
            .sftLearningRate(lr)
            .sftMultiShare(multi)
            .cells(cells)
            .formats(
                seqOnly
                    ? EnumSet.of(MultiImageFormat.SEQUENCE)
                    : EnumSet.allOf(MultiImageFormat.class))
            .build();
    long t0 = System.nanoTime();
    WorldData data = WorldData.create(config, seed);
    PrintStream out = System.out;
    out.println("sft examples " + data.sftExamples.size());
    try (TinyLvlm model = TinyLvlm.create(config.model(), WorldData.tokenizer(), seed)) {
      var log =
          TinyLvlmTrainer.builder()
              .steps(steps)
              .batchSize(batch)
              .learningRate(lr)
              .seed(seed)
              .exampleMean(Boolean.parseBoolean(o.getOrDefault("em", "false")))
              .onStep(
                  (s, l) -> {
                    if (s % 100 == 0) out.printf("step %d loss %.3f%n", s, l);
                  })
              .build()
              .train(model, data.sftExamples);
      double t1 = (System.nanoTime() - t0) / 1e9;
      Progress progress = new Progress(System.err, Progress.Style.LINES);
      var r =
          new Evaluator()
              .evaluate(
                  model, data.validationItems, progress.bar("eval", data.validationItems.size()));
      double t2 = (System.nanoTime() - t0) / 1e9;
      out.println(
          String.join(" ", a)
              + " skipped="
              + log.skippedSteps()
              + String.format(" sft=%.0fs total=%.0fs", t1, t2));
      for (var e : r.metrics().entrySet()) {
        out.printf("  %s=%.3f%n", e.getKey(), e.getValue());
      }
      int[] lrc = new int[2];
      int[] tb = new int[2];
      for (int i = 0; i < data.validationItems.size(); i++) {
        EvalItem it = data.validationItems.get(i);
        if (it.type() == dev.mia.examples.world.QuestionType.POSITION && !it.multiImage()) {
          int[] c = it.prompt().conversation().toString().contains("left") ? lrc : tb;
          c[1]++;
          c[0] += r.answers().get(i).strip().equals(it.answer()) ? 1 : 0;
        }
      }
      out.println("  LR " + lrc[0] + "/" + lrc[1] + " TB " + tb[0] + "/" + tb[1]);
      model.save(java.nio.file.Path.of("/work/scratch/model-" + o.getOrDefault("name", "x")));
      int shown = 0;
      for (int i = 0; i < data.validationItems.size() && shown < 25; i++) {
        EvalItem it = data.validationItems.get(i);
        if (it.type() == dev.mia.examples.world.QuestionType.POSITION && !it.multiImage()) {
          out.println(
              "  POS "
                  + it.prompt().conversation()
                  + " truth="
                  + it.answer()
                  + " got="
                  + r.answers().get(i));
          shown++;
        }
      }
      double wrong = 1 - r.metrics().get("multi/accuracy");
      out.printf(
          "  PREMISE share=%.3f%n",
          (r.metrics().get("multi/sequence-confusion")
                  + r.metrics().get("multi/element-interference"))
              / wrong);
    }
  }
}
