package dev.mia.core.model.torchscript;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mia.core.data.Conversation;
import dev.mia.core.data.Turn;
import org.junit.jupiter.api.Test;

class PrefixChatTemplateTest {

  @Test
  void renders_llava_vicuna_style_by_default() {
    assertThat(
            PrefixChatTemplate.builder()
                .build()
                .render(Conversation.of(Turn.human("<image>\nWhat is it?"))))
        .isEqualTo("USER: <image>\nWhat is it? ASSISTANT:");
  }

  @Test
  void renders_system_text_and_earlier_turns() {
    PrefixChatTemplate template =
        PrefixChatTemplate.builder()
            .system("Be brief.")
            .userPrefix("Q: ")
            .assistantPrefix("A: ")
            .separator("\n")
            .build();

    assertThat(
            template.render(
                Conversation.of(Turn.human("One?"), Turn.assistant("Yes."), Turn.human("Two?"))))
        .isEqualTo("Be brief.\nQ: One?\nA: Yes.\nQ: Two?\nA:");
    assertThat(template.toString())
        .isEqualTo(
            "PrefixChatTemplate[system='Be brief.', userPrefix='Q: ', assistantPrefix='A: ',"
                + " separator='\\n']");
  }
}
