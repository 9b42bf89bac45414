package dev.mia.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PopeSamplerTest {
  // Frequencies (images holding each): dog 2, cat 1, person 2, car 2, bus 1; first appearance
  // order dog, cat, person, car, bus. Popular ranking (stable): dog, person, car, cat, bus.
  // Co-occurrence rankings: dog -> [cat, person, car]; cat -> [dog];
  // person -> [car(2), dog, bus]; car -> [person(2), dog, bus]; bus -> [person, car].
  private static final List<AnnotatedImage> DATA =
      List.of(
          new AnnotatedImage("img1", List.of("dog", "cat")),
          new AnnotatedImage("img2", List.of("dog", "person", "car")),
          new AnnotatedImage("img3", List.of("person", "car", "bus")));

  private static List<String> pairs(List<PopeQuestion> questions) {
    return questions.stream()
        .map(q -> q.questionId() + ":" + q.image() + ":" + q.object() + ":" + q.label().word())
        .collect(Collectors.toList());
  }

  @Test
  void popular_asks_about_the_most_frequent_absent_objects() {
    PopeSampler sampler = PopeSampler.builder(PopeSampling.POPULAR, 1).sampleNum(2).build();
    assertThat(pairs(sampler.sample(DATA)))
        .containsExactly(
            "1:img1:dog:yes",
            "2:img1:person:no",
            "3:img1:cat:yes",
            "4:img1:car:no",
            "5:img2:dog:yes",
            "6:img2:cat:no",
            "7:img2:person:yes",
            "8:img2:bus:no",
            "9:img3:person:yes",
            "10:img3:dog:no",
            "11:img3:car:yes",
            "12:img3:cat:no");
  }

  @Test
  void adversarial_asks_about_the_most_co_occurring_absent_objects() {
    PopeSampler sampler = PopeSampler.builder(PopeSampling.ADVERSARIAL, 1).sampleNum(2).build();
    List<String> got = pairs(sampler.sample(DATA));
    // img1/cat: cat co-occurs only with dog (present), so the script falls back to random among
    // the absent objects not yet asked: car or bus. img3/car: person, dog, bus are excluded, the
    // random fallback has only cat left.
    assertThat(got.get(3)).isIn("4:img1:car:no", "4:img1:bus:no");
    assertThat(got)
        .containsExactly(
            "1:img1:dog:yes",
            "2:img1:person:no",
            "3:img1:cat:yes",
            got.get(3),
            "5:img2:dog:yes",
            "6:img2:cat:no",
            "7:img2:person:yes",
            "8:img2:bus:no",
            "9:img3:person:yes",
            "10:img3:dog:no",
            "11:img3:car:yes",
            "12:img3:cat:no");
  }

  @Test
  void random_picks_distinct_absent_objects_reproducibly() {
    PopeSampler sampler = PopeSampler.builder(PopeSampling.RANDOM, 42).sampleNum(2).build();
    List<PopeQuestion> questions = sampler.sample(DATA);
    assertThat(questions).hasSize(12);
    assertThat(questions).isEqualTo(sampler.sample(DATA));
    assertThat(PopeSampler.builder(PopeSampling.RANDOM, 42).sampleNum(2).build().sample(DATA))
        .isEqualTo(questions);
    for (AnnotatedImage image : DATA) {
      List<PopeQuestion> mine =
          questions.stream().filter(q -> q.image().equals(image.image())).toList();
      Set<String> asked = new HashSet<>();
      for (int i = 0; i < mine.size(); i++) {
        PopeQuestion q = mine.get(i);
        assertThat(q.label()).isEqualTo(i % 2 == 0 ? YesNo.YES : YesNo.NO);
        assertThat(image.objects().contains(q.object())).isEqualTo(q.label() == YesNo.YES);
        assertThat(asked.add(q.object())).isTrue();
      }
    }
  }

  @Test
  void random_draws_uniformly_among_absent_objects() {
    // One image holds "a"; the absent candidates are b, c, d, each expected 1/3 of the time.
    List<AnnotatedImage> data = new java.util.ArrayList<>();
    data.add(new AnnotatedImage("x", List.of("b", "c", "d")));
    for (int i = 0; i < 3000; i++) {
      data.add(new AnnotatedImage("i" + i, List.of("a")));
    }
    List<PopeQuestion> questions =
        PopeSampler.builder(PopeSampling.RANDOM, 7).sampleNum(1).build().sample(data);
    java.util.Map<String, Long> counts =
        questions.stream()
            .filter(q -> q.label() == YesNo.NO && q.image().startsWith("i"))
            .collect(Collectors.groupingBy(PopeQuestion::object, Collectors.counting()));
    assertThat(counts).containsOnlyKeys("b", "c", "d");
    // Each count is Binomial(3000, 1/3): mean 1000, sd 25.8; 900..1100 is about 3.9 sd.
    assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(900L, 1100L));
  }

  @Test
  void images_with_few_objects_give_fewer_pairs_and_no_candidate_means_no_negative() {
    List<AnnotatedImage> data = List.of(new AnnotatedImage("only", List.of("dog", "cat")));
    List<PopeQuestion> questions =
        PopeSampler.builder(PopeSampling.POPULAR, 0).build().sample(data);
    assertThat(pairs(questions)).containsExactly("1:only:dog:yes", "2:only:cat:yes");
  }

  @Test
  void question_text_uses_the_right_article() {
    PopeSampler sampler = PopeSampler.builder(PopeSampling.RANDOM, 0).build();
    assertThat(sampler.questionText("dog")).isEqualTo("Is there a dog in the image?");
    assertThat(sampler.questionText("apple")).isEqualTo("Is there an apple in the image?");
    assertThat(sampler.questionText("umbrella")).isEqualTo("Is there an umbrella in the image?");
    PopeSampler custom =
        PopeSampler.builder(PopeSampling.RANDOM, 0).template("a {object}, really?").build();
    assertThat(custom.questionText("orange")).isEqualTo("an orange, really?");
  }

  @Test
  void rejects_bad_settings() {
    assertThatThrownBy(() -> PopeSampler.builder(PopeSampling.RANDOM, 0).sampleNum(0).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("sampleNum must be >= 1, but is: 0");
    assertThatThrownBy(
            () -> PopeSampler.builder(PopeSampling.RANDOM, 0).template("Is there a cat?").build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("template must contain {object}, but is: Is there a cat?");
    assertThatThrownBy(() -> new AnnotatedImage("x", List.of("dog", "dog")))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("objects of x must not repeat, but holds twice: dog");
  }

  @Test
  void prints_its_settings() {
    assertThat(PopeSampler.builder(PopeSampling.ADVERSARIAL, 5).build())
        .hasToString(
            "PopeSampler(strategy=ADVERSARIAL, seed=5, sampleNum=3,"
                + " template=Is there a {object} in the image?)");
    assertThat(PopeSampling.POPULAR.label()).isEqualTo("popular");
  }
}
