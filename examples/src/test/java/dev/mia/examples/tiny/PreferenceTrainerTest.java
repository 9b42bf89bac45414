package dev.mia.examples.tiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.mia.core.data.ImageRef;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.data.TokenWeights;
import dev.mia.core.image.ImageLoader;
import dev.mia.core.io.DatasetReader;
import dev.mia.core.io.JsonlWriter;
import dev.mia.core.io.MiaPairCodec;
import dev.mia.core.io.RecordStream;
import dev.mia.core.io.WriteMode;
import dev.mia.core.model.TokenScores;
import dev.mia.core.model.TrainingOutput;
import dev.mia.loss.DpoLoss;
import dev.mia.loss.DpoTrainingLoss;
import dev.mia.loss.LossType;
import dev.mia.loss.PreferenceLogProbs;
import dev.mia.loss.TokenReduction;
import dev.mia.loss.cache.ReferenceLogProbCache;
import dev.mia.loss.train.LearningRateSchedule;
import dev.mia.loss.train.OptimizerFactory;
import dev.mia.loss.train.PreferenceBatch;
import dev.mia.loss.train.PreferenceCollator;
import dev.mia.loss.train.PreferenceForward;
import dev.mia.loss.train.PreferenceTrainer;
import dev.mia.loss.train.ReferenceLogProbs;
import dev.mia.loss.train.ReferenceScores;
import dev.mia.loss.train.Side;
import dev.mia.loss.train.StepMetrics;
import dev.mia.loss.train.StepOutcome;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The library's training path on a real model: accumulation, weights, files, DJL's Trainer. */
@ResourceLock("djl-gradient-collector")
class PreferenceTrainerTest {
  private static final DpoLoss SIGMOID = DpoLoss.builder(LossType.SIGMOID).beta(0.1).build();

  /** SGD with rate 1: an update subtracts the gradient itself, so weights show the gradient. */
  private static final OptimizerFactory SGD =
      tracker -> Optimizer.sgd().setLearningRateTracker(tracker).build();

  private static List<PreferencePair> eight() {
    List<PreferencePair> pairs = new ArrayList<>(TrainingPathEquivalenceTest.pairs());
    for (PreferencePair p : TrainingPathEquivalenceTest.pairs()) {
      pairs.add(
          PreferencePair.builder(p.id() + "b", p.prompt(), p.chosen(), p.rejected())
              .images(p.images())
              .build());
    }
    return pairs;
  }

  private static PreferenceTrainer sgd(TinyLvlm model, Path cache, DpoLoss loss) {
    return PreferenceTrainer.builder(model, loss)
        .reference(ReferenceLogProbs.builder(ReferenceLogProbCache.open(cache), model).build())
        .optimizer(SGD)
        .schedule(LearningRateSchedule.constant(1f))
        .build();
  }

  private static List<float[]> weights(TinyLvlm model) {
    List<float[]> out = new ArrayList<>();
    model.trainableParameters().forEach(p -> out.add(p.getValue().getArray().toFloatArray()));
    return out;
  }

  /** The change of every weight in one step: minus the gradient, for SGD at rate 1. */
  private static List<float[]> delta(List<float[]> before, List<float[]> after) {
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < before.size(); i++) {
      float[] d = new float[before.get(i).length];
      for (int j = 0; j < d.length; j++) {
        d[j] = after.get(i)[j] - before.get(i)[j];
      }
      out.add(d);
    }
    return out;
  }

  private static List<float[]> stepDelta(
      List<PreferencePair> pairs, int microBatches, Path cache, DpoLoss loss) {
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 7)) {
      List<float[]> before = weights(model);
      StepMetrics m = sgd(model, cache, loss).step(pairs, microBatches);
      assertThat(m.outcome()).isEqualTo(StepOutcome.UPDATED);
      return delta(before, weights(model));
    }
  }

  private static void assertClose(List<float[]> actual, List<float[]> expected, float tolerance) {
    assertThat(actual).hasSameSizeAs(expected);
    double largest = 0;
    for (int i = 0; i < actual.size(); i++) {
      for (int j = 0; j < actual.get(i).length; j++) {
        assertThat(actual.get(i)[j])
            .as("parameter " + i + " element " + j)
            .isCloseTo(expected.get(i)[j], within(tolerance));
        largest = Math.max(largest, Math.abs(expected.get(i)[j]));
      }
    }
    assertThat(largest).as("the step must move some weight").isGreaterThan(1e-4);
  }

  @Test
  void four_micro_batches_of_two_give_the_gradient_of_one_batch_of_eight(@TempDir Path dir) {
    List<float[]> whole = stepDelta(eight(), 1, dir.resolve("a"), SIGMOID);
    List<float[]> accumulated = stepDelta(eight(), 4, dir.resolve("b"), SIGMOID);

    assertClose(accumulated, whole, 1e-6f);
  }

  @Test
  void a_pair_weight_scales_its_gradient_exactly(@TempDir Path dir) {
    PreferencePair p = TrainingPathEquivalenceTest.pairs().get(1);
    List<float[]> once = stepDelta(List.of(p), 1, dir.resolve("a"), SIGMOID);
    List<float[]> twice =
        stepDelta(List.of(p.toBuilder().weight(2).build()), 1, dir.resolve("b"), SIGMOID);

    List<float[]> doubled = new ArrayList<>();
    for (float[] d : once) {
      float[] x = d.clone();
      for (int j = 0; j < x.length; j++) {
        x[j] *= 2;
      }
      doubled.add(x);
    }
    // w' = w - 2g in float: w - 2g is not always (w - g) - g bit for bit, so within one ulp-ish
    assertClose(twice, doubled, 2e-7f);
  }

  @Test
  void token_weights_change_the_sequence_log_prob_as_ddpo_says(@TempDir Path dir) {
    PreferencePair p =
        TrainingPathEquivalenceTest.pairs().get(1).toBuilder()
            .tokenWeights(
                TokenWeights.of(
                    new float[] {1, 1, 5, 5, 1, 1, 1, 1, 1, 1, 1},
                    new float[] {1, 1, 5, 5, 5, 1, 1, 1, 1, 1, 1}))
            .build();
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 7);
        NDManager manager = NDManager.newBaseManager()) {
      PreferenceBatch batch =
          PreferenceCollator.builder(model.tokenizer()).build().collate(List.of(p));
      TokenScores tokens =
          model.scoreTokens(manager, batch.rows(Side.CHOSEN), TrainingOutput.LOG_PROBS);
      float[] lp = tokens.logProbs().toFloatArray();
      // RLHF-V: log pi(y|x) = sum_t w_t log p_t / sum_t w_t, <eos> weighing 1
      float[] w = {1, 1, 5, 5, 1, 1, 1, 1, 1, 1, 1, 1};
      double num = 0;
      double den = 0;
      for (int t = 0; t < w.length; t++) {
        num += w[t] * lp[t];
        den += w[t];
      }
      PreferenceLogProbs mean =
          PreferenceForward.builder(model)
              .reduction(TokenReduction.MEAN)
              .build()
              .forward(manager, batch, null);
      PreferenceLogProbs sum =
          PreferenceForward.builder(model).build().forward(manager, batch, null);

      assertThat(mean.policyChosen().getFloat()).isCloseTo((float) (num / den), within(1e-6f));
      assertThat(sum.policyChosen().getFloat()).isCloseTo((float) num, within(1e-5f));
    }
  }

  @Test
  void a_pair_read_back_from_jsonl_trains_like_the_in_memory_pair(@TempDir Path dir)
      throws Exception {
    Path images = dir.resolve("images");
    java.nio.file.Files.createDirectories(images);
    List<PreferencePair> onDisk = new ArrayList<>();
    List<PreferencePair> inMemory = new ArrayList<>();
    for (PreferencePair p : TrainingPathEquivalenceTest.pairs()) {
      BufferedImage image = ((ImageRef.InMemory) p.images().get(0)).image();
      ImageIO.write(image, "png", images.resolve(p.id() + ".png").toFile());
      onDisk.add(p.toBuilder().images(List.of(ImageRef.OnDisk.of(p.id() + ".png"))).build());
      inMemory.add(
          p.toBuilder()
              .images(
                  List.of(ImageRef.InMemory.of(ImageLoader.read(images.resolve(p.id() + ".png")))))
              .build());
    }
    Path file = dir.resolve("pairs.jsonl");
    try (JsonlWriter<PreferencePair> out =
        JsonlWriter.open(file, MiaPairCodec.INSTANCE, WriteMode.REPLACE)) {
      onDisk.forEach(out::write);
      out.commit();
    }
    List<PreferencePair> read = new ArrayList<>();
    try (RecordStream<PreferencePair> in = DatasetReader.DEFAULT.readMiaPairs(file)) {
      in.stream().forEach(read::add);
    }
    List<float[]> fromFile;
    double fileLoss;
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 7)) {
      PreferenceTrainer trainer =
          PreferenceTrainer.builder(model, SIGMOID)
              .collator(PreferenceCollator.builder(model.tokenizer()).imageRoot(images).build())
              .reference(
                  ReferenceLogProbs.builder(ReferenceLogProbCache.open(dir.resolve("c1")), model)
                      .build())
              .build();
      fileLoss = trainer.step(read).loss();
      fromFile = weights(model);
    }
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 7)) {
      PreferenceTrainer trainer =
          PreferenceTrainer.builder(model, SIGMOID)
              .reference(
                  ReferenceLogProbs.builder(ReferenceLogProbCache.open(dir.resolve("c2")), model)
                      .build())
              .build();
      assertThat(trainer.step(inMemory).loss()).isEqualTo(fileLoss);
      List<float[]> memory = weights(model);
      for (int i = 0; i < memory.size(); i++) {
        assertThat(fromFile.get(i)).isEqualTo(memory.get(i));
      }
    }
  }

  @Test
  void the_same_batch_trains_inside_a_djl_trainer_with_dpo_training_loss(@TempDir Path dir) {
    List<PreferencePair> pairs = TrainingPathEquivalenceTest.pairs();
    List<float[]> viaTrainer;
    double trainerLoss;
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 7)) {
      ReferenceLogProbs reference =
          ReferenceLogProbs.builder(ReferenceLogProbCache.open(dir.resolve("a")), model).build();
      PreferenceBatch batch = PreferenceCollator.builder(model.tokenizer()).build().collate(pairs);
      PreferenceForward forward = PreferenceForward.builder(model).build();
      model.trainableParameters(); // gradients attached
      try (NDManager manager = NDManager.newBaseManager();
          Trainer trainer =
              model
                  .djlModel()
                  .newTrainer(
                      new DefaultTrainingConfig(new DpoTrainingLoss(SIGMOID))
                          .optOptimizer(
                              Optimizer.adam()
                                  .optLearningRateTracker(Tracker.fixed(1e-4f))
                                  .optClipGrad(1f)
                                  .build()))) {
        ReferenceScores scores = reference.scores(manager, batch);
        try (GradientCollector collector = trainer.newGradientCollector()) {
          PreferenceLogProbs inputs = forward.forward(manager, batch, scores);
          NDList predictions = PreferenceForward.predictions(inputs);
          NDList labels = PreferenceForward.labels(inputs);
          NDArray loss = trainer.getLoss().evaluate(labels, predictions);
          collector.backward(loss);
          trainerLoss = loss.getFloat();
        }
        trainer.step();
      }
      viaTrainer = weights(model);
    }
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 7)) {
      PreferenceTrainer trainer =
          PreferenceTrainer.builder(model, SIGMOID)
              .reference(
                  ReferenceLogProbs.builder(ReferenceLogProbCache.open(dir.resolve("b")), model)
                      .build())
              .build();
      assertThat((float) trainer.step(pairs).loss()).isEqualTo((float) trainerLoss);
      List<float[]> standalone = weights(model);
      for (int i = 0; i < standalone.size(); i++) {
        assertThat(standalone.get(i)).isEqualTo(viaTrainer.get(i));
      }
    }
  }

  @Test
  void a_non_finite_loss_makes_no_update_and_the_listener_hears_it(@TempDir Path dir) {
    List<StepMetrics> heard = new ArrayList<>();
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 7)) {
      List<float[]> before = weights(model);
      PreferenceTrainer trainer =
          PreferenceTrainer.builder(model, SIGMOID)
              .reference(ReferenceLogProbs.builder(ReferenceLogProbCache.open(dir), model).build())
              .extraLoss((step, m) -> m.create(Float.NaN))
              .listener(heard::add)
              .build();

      StepMetrics m = trainer.step(TrainingPathEquivalenceTest.pairs());

      assertThat(m.outcome()).isEqualTo(StepOutcome.SKIPPED_NON_FINITE_LOSS);
      assertThat(heard).containsExactly(m);
      assertThat(trainer.skippedSteps()).isEqualTo(1);
      List<float[]> after = weights(model);
      for (int i = 0; i < after.size(); i++) {
        assertThat(after.get(i)).isEqualTo(before.get(i));
      }
    }
  }

  @Test
  void an_overflowing_update_is_undone_and_the_next_step_still_runs(@TempDir Path dir) {
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 7)) {
      List<float[]> before = weights(model);
      PreferenceTrainer trainer =
          PreferenceTrainer.builder(model, SIGMOID)
              .reference(ReferenceLogProbs.builder(ReferenceLogProbCache.open(dir), model).build())
              .optimizer(SGD)
              .schedule(LearningRateSchedule.constant(Float.MAX_VALUE))
              .build();

      StepMetrics first = trainer.step(TrainingPathEquivalenceTest.pairs());
      StepMetrics second = trainer.step(TrainingPathEquivalenceTest.pairs());

      assertThat(first.outcome()).isEqualTo(StepOutcome.UNDONE_NON_FINITE_WEIGHTS);
      assertThat(second.step()).isEqualTo(1);
      assertThat(second.loss()).isEqualTo(first.loss());
      // the first step computed 8 reference rows; the second found them in the cache
      assertThat(first.reference().misses()).isEqualTo(8);
      assertThat(second.reference().hits()).isEqualTo(8);
      assertThat(second.reference().misses()).isZero();
      List<float[]> after = weights(model);
      for (int i = 0; i < after.size(); i++) {
        assertThat(after.get(i)).isEqualTo(before.get(i));
      }
    }
  }

  @Test
  void mdpo_image_conditional_term_scores_corrupted_images_and_caches_their_reference(
      @TempDir Path dir) {
    DpoLoss mdpo = DpoLoss.builder(LossType.SIGMOID).beta(0.1).imageConditionalWeight(1).build();
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 7)) {
      ReferenceLogProbs reference =
          ReferenceLogProbs.builder(ReferenceLogProbCache.open(dir), model).build();
      assertThatThrownBy(() -> PreferenceTrainer.builder(model, mdpo).reference(reference).build())
          .isExactlyInstanceOf(IllegalStateException.class)
          .hasMessage(
              "the loss has mDPO's image-conditional term (weight 1.0) but no corrupted images"
                  + " were set; call corruptedImages(...)");
      PreferenceTrainer trainer =
          PreferenceTrainer.builder(model, mdpo)
              .reference(reference)
              .corruptedImages(PreferenceTrainerTest::black)
              .build();

      StepMetrics m = trainer.step(TrainingPathEquivalenceTest.pairs());

      // the policy is its own reference at step 0: both terms are -log sigmoid(0) = log 2
      assertThat(m.loss()).isCloseTo(2 * Math.log(2), within(1e-5));
      // 4 chosen, 4 rejected and 4 chosen-with-corrupted-image rows computed
      assertThat(m.reference().misses()).isEqualTo(12);
      assertThat(m.outcome()).isEqualTo(StepOutcome.UPDATED);
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void the_fused_kernel_gives_the_step_of_the_log_prob_path_in_float32(
      boolean ddpo, @TempDir Path dir) {
    List<PreferencePair> pairs = new ArrayList<>(TrainingPathEquivalenceTest.pairs());
    pairs.set(0, pairs.get(0).toBuilder().weight(2).build()); // a pair weight too
    List<List<float[]>> deltas = new ArrayList<>();
    List<Double> losses = new ArrayList<>();
    for (boolean fused : new boolean[] {false, true}) {
      try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 7)) {
        List<float[]> before = weights(model);
        PreferenceTrainer.Builder builder =
            PreferenceTrainer.builder(
                    model,
                    DpoLoss.builder(
                            List.of(
                                dev.mia.loss.LossTerm.of(LossType.SIGMOID, 1),
                                dev.mia.loss.LossTerm.of(LossType.SFT, 0.5)))
                        .beta(0.1)
                        .build())
                .reference(
                    ReferenceLogProbs.builder(
                            ReferenceLogProbCache.open(dir.resolve(ddpo + "-" + fused)), model)
                        .build())
                .optimizer(SGD)
                .schedule(LearningRateSchedule.constant(1f));
        if (ddpo) {
          builder.ddpo(dev.mia.loss.ddpo.Ddpo.PAPER);
        }
        if (fused) {
          builder.fused(dev.mia.loss.fused.FusedPreferenceKernel.builder().chunkSize(5).build());
        }
        StepMetrics m = builder.build().step(pairs, 2);
        assertThat(m.outcome()).isEqualTo(StepOutcome.UPDATED);
        losses.add(m.loss());
        deltas.add(delta(before, weights(model)));
      }
    }
    // float32: the kernel sums the logits chunk by chunk, so gradients of about 1 differ in the
    // last bits (largest seen: 1.0e-6); the loss agrees to 1e-6
    assertThat(losses.get(1)).isCloseTo(losses.get(0), within(1e-6));
    assertClose(deltas.get(1), deltas.get(0), 5e-6f);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void training_steps_leave_no_arrays_in_the_models_manager(boolean fused, @TempDir Path dir) {
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 7)) {
      PreferenceTrainer.Builder builder =
          PreferenceTrainer.builder(model, SIGMOID)
              .reference(ReferenceLogProbs.builder(ReferenceLogProbCache.open(dir), model).build());
      if (fused) {
        builder.fused(dev.mia.loss.fused.FusedPreferenceKernel.builder().chunkSize(5).build());
      }
      PreferenceTrainer trainer = builder.build();
      NDManager owner = model.trainableParameters().valueAt(0).getArray().getManager();
      // the first step scores the reference and creates Adam's moments, which live with the model
      assertThat(trainer.step(eight(), 2).outcome()).isEqualTo(StepOutcome.UPDATED);
      int afterFirst = owner.getManagedArrays().size();

      for (int i = 0; i < 3; i++) {
        assertThat(trainer.step(eight(), 2).outcome()).isEqualTo(StepOutcome.UPDATED);
      }

      assertThat(owner.getManagedArrays()).hasSize(afterFirst);
    }
  }

  @Test
  void each_step_opens_one_collector_from_the_factory_and_two_policies_train_on_two_threads_at_once(
      @TempDir Path dir) throws Exception {
    List<float[]> serial = new ArrayList<>();
    for (long seed : new long[] {7, 8}) {
      try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), seed)) {
        sgdOnThreads(model, dir.resolve("serial-" + seed), new int[1]).step(eight(), 2);
        serial.add(weights(model).get(0));
      }
    }

    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<float[]>> futures = new ArrayList<>();
      int[][] opened = new int[2][1];
      CyclicBarrier together = new CyclicBarrier(2);
      for (int i = 0; i < 2; i++) {
        int row = i;
        futures.add(
            pool.submit(
                () -> {
                  try (TinyLvlm model =
                      TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 7 + row)) {
                    PreferenceTrainer trainer =
                        sgdOnThreads(model, dir.resolve("parallel-" + row), opened[row]);
                    together.await();
                    trainer.step(eight(), 2);
                    return weights(model).get(0);
                  }
                }));
      }
      for (int i = 0; i < 2; i++) {
        assertThat(futures.get(i).get()).containsExactly(serial.get(i));
        // one step of two micro-batches opens one collector
        assertThat(opened[i][0]).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static PreferenceTrainer sgdOnThreads(TinyLvlm model, Path cache, int[] opened) {
    return PreferenceTrainer.builder(model, SIGMOID)
        .reference(ReferenceLogProbs.builder(ReferenceLogProbCache.open(cache), model).build())
        .optimizer(SGD)
        .schedule(LearningRateSchedule.constant(1f))
        .collectors(
            () -> {
              opened[0]++;
              return new ThreadGradientCollector();
            })
        .build();
  }

  @Test
  void a_reference_free_mdpo_loss_trains_with_corrupted_images_and_no_reference() {
    DpoLoss free =
        DpoLoss.builder(LossType.SIGMOID)
            .beta(0.1)
            .imageConditionalWeight(1)
            .referenceMode(dev.mia.loss.ReferenceMode.NONE)
            .build();
    try (TinyLvlm model = TinyLvlm.create(TinyLvlmTest.SMALL, WordTokenizer.forWorld(), 7)) {
      StepMetrics m =
          PreferenceTrainer.builder(model, free)
              .corruptedImages(PreferenceTrainerTest::black)
              .build()
              .step(TrainingPathEquivalenceTest.pairs());

      assertThat(m.outcome()).isEqualTo(StepOutcome.UPDATED);
      assertThat(m.reference().misses()).isZero();
      assertThat(m.loss()).isFinite().isPositive();
    }
  }

  private static BufferedImage black(BufferedImage image) {
    return new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
  }
}
