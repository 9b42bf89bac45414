package dev.mia.examples.pipeline;

import java.util.Locale;

/**
 * The held-out split a run evaluates on: hyperparameters are chosen with {@link #VALIDATION} runs
 * (scenes from their own seeds), and reported numbers come from {@link #TEST} runs only.
 */
public enum HeldOut {
  /** The test split: the reported numbers. */
  TEST,
  /** The validation split: for choosing hyperparameters. */
  VALIDATION;

  /**
   * Returns the command-line name.
   *
   * @return {@code test} or {@code validation}
   */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a command-line name.
   *
   * @param name {@code test} or {@code validation}
   * @return the split
   * @throws IllegalArgumentException for any other name
   */
  public static HeldOut parse(String name) {
    for (HeldOut h : values()) {
      if (h.cliName().equals(name)) {
        return h;
      }
    }
    throw new IllegalArgumentException("split must be test or validation, but is: " + name);
  }
}
