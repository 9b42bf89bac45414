package dev.mia.examples.world;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes the questions about a scene, other than existence, and their exact answers; existence
 * questions come from POPE's sampler over a whole split ({@link WorldSplit}).
 *
 * <p>Every text it writes uses only the words of {@link #vocabulary()} plus the punctuation {@code
 * . , ? :}.
 */
public final class QuestionMaker {
  private static final List<String> NUMBERS =
      List.of("zero", "one", "two", "three", "four", "five", "six");
  private static final List<String> ORDINALS = List.of("first", "second", "third", "fourth");
  private static final List<String> TEMPLATE_WORDS =
      List.of(
          "is",
          "there",
          "a",
          "an",
          "in",
          "the",
          "image",
          "images",
          "what",
          "where",
          "colour",
          "how",
          "many",
          "are",
          "on",
          "left",
          "or",
          "right",
          "at",
          "top",
          "bottom",
          "describe",
          "objects",
          "object",
          "yes",
          "no",
          "and",
          "image1",
          "image2",
          "image3",
          "image4",
          "image5");

  private QuestionMaker() {}

  /**
   * Returns every word the world's texts use, lower case, without duplicates, plus the image labels
   * {@code image1} to {@code image5} of mia-formats' sequence prompts ({@code Image1:<image> ... In
   * Image2, ...}).
   *
   * @return the words
   */
  public static List<String> vocabulary() {
    Set<String> words = new LinkedHashSet<>(TEMPLATE_WORDS);
    words.addAll(NUMBERS);
    words.addAll(ORDINALS);
    for (Shape s : Shape.values()) {
      words.add(s.word());
      words.add(s.plural());
    }
    for (Colour c : Colour.values()) {
      words.add(c.word());
    }
    for (Size s : Size.values()) {
      words.add(s.word());
    }
    return List.copyOf(words);
  }

  /**
   * Returns the word of a small number.
   *
   * @param n the number, in [0, 6]
   * @return {@code zero} to {@code six}
   */
  public static String number(int n) {
    if (n < 0 || n >= NUMBERS.size()) {
      throw new IllegalArgumentException("n must be in [0, 6], but is: " + n);
    }
    return NUMBERS.get(n);
  }

  /**
   * Returns the word of an image's place in a multi-image prompt.
   *
   * @param index the 0-based index, in [0, 3]
   * @return {@code first} to {@code fourth}
   */
  public static String ordinal(int index) {
    if (index < 0 || index >= ORDINALS.size()) {
      throw new IllegalArgumentException("index must be in [0, 3], but is: " + index);
    }
    return ORDINALS.get(index);
  }

  /**
   * Asks the colour of a shape present exactly once.
   *
   * @param scene the scene
   * @param shape the shape
   * @return the question, answered with the colour's word
   * @throws IllegalArgumentException if the shape is not present exactly once
   */
  public static WorldQuestion colour(Scene scene, Shape shape) {
    SceneObject o = single(scene, shape);
    return WorldQuestion.of(
        QuestionType.COLOUR, "What colour is the " + shape.word() + "?", o.colour().word());
  }

  /**
   * Asks how many objects of a shape there are.
   *
   * @param scene the scene
   * @param shape the shape, present or not
   * @return the question, answered with a number word
   */
  public static WorldQuestion count(Scene scene, Shape shape) {
    return WorldQuestion.of(
        QuestionType.COUNT,
        "How many " + shape.plural() + " are there?",
        number(scene.count(shape)));
  }

  /**
   * Asks whether a shape present exactly once is on the left or on the right.
   *
   * @param scene the scene
   * @param shape the shape
   * @return the question, answered {@code left} or {@code right}
   * @throws IllegalArgumentException if the shape is not present exactly once
   */
  public static WorldQuestion horizontal(Scene scene, Shape shape) {
    SceneObject o = single(scene, shape);
    return WorldQuestion.of(
        QuestionType.POSITION,
        "Is the " + shape.word() + " on the left or on the right?",
        o.horizontal(scene.side()));
  }

  /**
   * Asks whether a shape present exactly once is at the top or at the bottom.
   *
   * @param scene the scene
   * @param shape the shape
   * @return the question, answered {@code top} or {@code bottom}
   * @throws IllegalArgumentException if the shape is not present exactly once
   */
  public static WorldQuestion vertical(Scene scene, Shape shape) {
    SceneObject o = single(scene, shape);
    return WorldQuestion.of(
        QuestionType.POSITION,
        "Is the " + shape.word() + " at the top or at the bottom?",
        o.vertical(scene.side()));
  }

  /**
   * Asks where a shape present exactly once is, answered with its quadrant: {@code top left},
   * {@code top right}, {@code bottom left} or {@code bottom right}.
   *
   * @param scene the scene
   * @param shape the shape
   * @return the question {@code Where is the <shape>?}
   * @throws IllegalArgumentException if the shape is not present exactly once
   */
  public static WorldQuestion where(Scene scene, Shape shape) {
    SceneObject o = single(scene, shape);
    return WorldQuestion.of(
        QuestionType.POSITION,
        "Where is the " + shape.word() + "?",
        o.vertical(scene.side()) + " " + o.horizontal(scene.side()));
  }

  /**
   * Writes the grounding questions of a scene, the single-image "referring" data of a LLaVA-1.5
   * style mix: for each shape present exactly once, in the scene's object order, {@link #where
   * where} it is, both position questions and its colour. Each names one object, so each can carry
   * a grounding.
   *
   * @param scene the scene
   * @return the questions, four per shape present once
   */
  public static List<WorldQuestion> groundingQuestions(Scene scene) {
    List<WorldQuestion> out = new ArrayList<>();
    for (SceneObject o : scene.objects()) {
      if (scene.count(o.shape()) == 1) {
        out.add(where(scene, o.shape()));
        out.add(horizontal(scene, o.shape()));
        out.add(vertical(scene, o.shape()));
        out.add(colour(scene, o.shape()));
      }
    }
    return List.copyOf(out);
  }

  /**
   * Asks for a caption. The answer names the objects from left to right: {@code there is a large
   * red circle at the top left.} for one object, {@code there are two objects: a large red circle
   * at the top left and a small blue square at the bottom right.} for more.
   *
   * @param scene the scene, with at least one object
   * @return the question {@code Describe the image.} and its caption
   * @throws IllegalArgumentException if the scene is empty
   */
  public static WorldQuestion caption(Scene scene) {
    List<SceneObject> objects = scene.leftToRight();
    if (objects.isEmpty()) {
      throw new IllegalArgumentException("cannot caption an empty scene " + scene.seed());
    }
    StringBuilder text = new StringBuilder();
    if (objects.size() == 1) {
      text.append("there is ");
    } else {
      text.append("there are ").append(number(objects.size())).append(" objects: ");
    }
    for (int i = 0; i < objects.size(); i++) {
      if (i > 0) {
        text.append(i == objects.size() - 1 ? " and " : ", ");
      }
      SceneObject o = objects.get(i);
      text.append("a ")
          .append(o.size().word())
          .append(' ')
          .append(o.colour().word())
          .append(' ')
          .append(o.shape().word())
          .append(" at the ")
          .append(o.vertical(scene.side()))
          .append(' ')
          .append(o.horizontal(scene.side()));
    }
    text.append('.');
    return WorldQuestion.of(QuestionType.CAPTION, "Describe the image.", text.toString());
  }

  /**
   * Writes the non-existence questions of a scene: its caption; for each present shape, its count,
   * and if it is present once its colour and one position question (left/right or top/bottom,
   * drawn); and the count of one absent shape (drawn), if any.
   *
   * @param scene the scene, with at least one object
   * @param random the source of the draws
   * @return the questions, caption first
   */
  public static List<WorldQuestion> questions(Scene scene, SplittableRandom random) {
    List<WorldQuestion> out = new ArrayList<>();
    out.add(caption(scene));
    List<Shape> present = scene.presentShapes();
    for (Shape shape : present) {
      out.add(count(scene, shape));
      if (scene.count(shape) == 1) {
        out.add(colour(scene, shape));
        out.add(random.nextBoolean() ? horizontal(scene, shape) : vertical(scene, shape));
      }
    }
    List<Shape> absent = new ArrayList<>();
    for (Shape shape : Shape.values()) {
      if (!present.contains(shape)) {
        absent.add(shape);
      }
    }
    if (!absent.isEmpty()) {
      out.add(count(scene, absent.get(random.nextInt(absent.size()))));
    }
    return List.copyOf(out);
  }

  private static SceneObject single(Scene scene, Shape shape) {
    SceneObject found = null;
    for (SceneObject o : scene.objects()) {
      if (o.shape() == shape) {
        if (found != null) {
          throw new IllegalArgumentException(
              "scene " + scene.seed() + " has more than one " + shape.word());
        }
        found = o;
      }
    }
    if (found == null) {
      throw new IllegalArgumentException("scene " + scene.seed() + " has no " + shape.word());
    }
    return found;
  }
}
