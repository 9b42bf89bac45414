package dev.mia.examples.readme;

// snippet:start rewriter
import dev.mia.core.model.TextRewriter;
import dev.mia.selection.negative.RuleBasedRewriter;

// snippet:end rewriter

/** The README's rewriter block: BPO-style error injection without a model. */
public final class RewriterSnippet {
  private RewriterSnippet() {}

  /**
   * Runs the block.
   *
   * @param args none
   */
  public static void main(String[] args) {
    // snippet:start rewriter
    TextRewriter rewriter = RuleBasedRewriter.builder().maxEdits(2).build();
    String rejected = rewriter.rewrite("Two red buses are on the left.", /* seed */ 7);
    System.out.println(rejected);
    // snippet:end rewriter
  }
}
