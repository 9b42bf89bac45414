package dev.mia.examples.world;

/** The kinds of question the world asks, each with an exactly checkable answer. */
public enum QuestionType {
  /** "Is there a circle in the image?": yes or no, sampled as POPE samples its probes. */
  EXISTENCE,
  /** "What colour is the circle?" about a shape present exactly once: a colour word. */
  COLOUR,
  /** "How many circles are there?": a number word from zero to six. */
  COUNT,
  /**
   * "Is the circle on the left or on the right?" or "Is the circle at the top or at the bottom?"
   * about a shape present exactly once: left, right, top or bottom.
   */
  POSITION,
  /** "Describe the image.": a caption naming every object, checkable with CHAIR. */
  CAPTION
}
