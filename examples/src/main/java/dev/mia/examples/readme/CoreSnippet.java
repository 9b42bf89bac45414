package dev.mia.examples.readme;

// snippet:start core
import dev.mia.core.data.Conversation;
import dev.mia.core.data.PreferencePair;
import dev.mia.core.data.SftSample;
import dev.mia.core.data.Turn;
import dev.mia.core.io.DatasetReader;
import dev.mia.core.io.JsonlWriter;
import dev.mia.core.io.OnBadRecord;
import dev.mia.core.io.RecordStream;
import dev.mia.core.io.TrlPairEncoder;
import dev.mia.core.io.TrlStyle;
import dev.mia.core.io.WriteMode;
import dev.mia.selection.negative.RuleBasedRewriter;
import java.nio.file.Path;

// snippet:end core

/** The README's mia-core block: stream LLaVA data, write TRL pairs, resumably. */
public final class CoreSnippet {
  private CoreSnippet() {}

  /**
   * Runs the block.
   *
   * @param args the LLaVA file and the pairs file
   */
  public static void main(String[] args) {
    // snippet:start core
    Path llava = Path.of(args[0]); // e.g. llava_v1_5_mix665k.json
    Path pairsFile = Path.of(args[1]);
    DatasetReader reader =
        DatasetReader.builder()
            .onBadRecord(OnBadRecord.SKIP) // report and go on; FAIL is the default
            .badRecordListener(bad -> System.err.println("skipped: " + bad.message()))
            .build();
    RuleBasedRewriter rewriter = RuleBasedRewriter.defaults(); // BPO-style error injection
    try (RecordStream<SftSample> samples = reader.readLlava(llava);
        JsonlWriter<PreferencePair> out =
            JsonlWriter.open(pairsFile, TrlPairEncoder.of(TrlStyle.STANDARD), WriteMode.RESUME)) {
      while (samples.hasNext()) {
        SftSample sample = samples.next();
        if (out.alreadyWritten(sample.id())) {
          continue; // resuming after a crash
        }
        String chosen = sample.conversation().answers().get(0);
        String rejected = rewriter.rewrite(chosen, sample.id().hashCode());
        if (!rejected.equals(chosen)) {
          String question = sample.conversation().questions().get(0);
          out.write(
              PreferencePair.builder(
                      sample.id(), Conversation.of(Turn.human(question)), chosen, rejected)
                  .images(sample.images())
                  .build());
        }
      }
      out.commit(); // atomic rename; no partial file ever
    }
    // snippet:end core
  }
}
