package dev.reprise.embeddings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TextNormalizerTest {

    private final TextNormalizer normalizer = new TextNormalizer();

    @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            How do I reset my password?                      | how do i reset my password
            What is 2³?                                      | what is 2^3
            What is 23?                                      | what is 23
            Is H₂O safe to drink?                            | is h_2o safe to drink
            "ｆｕｌｌ ｗｉｄｔｈ"                              | full width
            "  How   do I\treset\nmy password ?? "           | how do i reset my password
            Hi, how do I reset my password?                  | how do i reset my password
            hi how do I reset my password                    | how do i reset my password
            Hello there! How do I reset my password?         | how do i reset my password
            Hey there, please tell me how to reset my password | tell me how to reset my password
            Please reset my password.                        | reset my password
            pls reset my password                            | reset my password
            How do I reset my password? Thanks!              | how do i reset my password
            How do I reset my password, thank you.           | how do i reset my password
            How do I reset my password thx                   | how do i reset my password
            "Reset my password please, thanks a lot!!"       | reset my password
            Good morning, what is a monad? Thank you very much | what is a monad
            Hi! Please explain monads, thanks in advance.    | explain monads
            Thanks!                                          | thanks
            Hi                                               | hi
            "hello, thanks!"                                 | hello, thanks
            ???                                              | ???
            What is the hi-fi standard?                      | what is the hi-fi standard
            Plan a thanksgiving dinner                       | plan a thanksgiving dinner
            History of Hip hop                               | history of hip hop
            this is HEYDAY                                   | this is heyday
            ＨＩ， ＷＨＡＴ ＩＳ ＡＩ？                       | what is ai
            The ﬁle is 10 ㎏                                 | the file is 10 kg
            Node.js vs. Deno…                                | node.js vs. deno
            "  spaces\u00A0and\u2003em spaces  "             | spaces and em spaces
            """)
    void should_normalise(String input, String expected) {
        assertEquals(expected, normalizer.normalize(input.translateEscapes()));
    }

    @Test
    void should_keep_case_when_lowercase_is_off() {
        var keepCase = new TextNormalizer(new NormalizationOptions(false, true, true, true));
        assertEquals("How do I reset my password", keepCase.normalize("Hi, How do I reset my password? THANKS"));
    }

    @Test
    void should_keep_whitespace_runs_but_trim_when_collapsing_is_off() {
        var keepSpaces = new TextNormalizer(new NormalizationOptions(true, false, true, true));
        assertEquals("reset  my\tpassword", keepSpaces.normalize("  Reset  my\tpassword  "));
    }

    @Test
    void should_keep_punctuation_before_a_pleasantry_when_punctuation_stripping_is_off() {
        var keepPunctuation = new TextNormalizer(new NormalizationOptions(true, true, false, true));
        assertEquals("how do i reset my password?", keepPunctuation.normalize("Hi! How do I reset my password? Thanks!"));
        assertEquals("what is x?", keepPunctuation.normalize("What is x?"));
    }

    @Test
    void should_keep_pleasantries_when_their_stripping_is_off() {
        var keepPleasantries = new TextNormalizer(new NormalizationOptions(true, true, true, false));
        assertEquals("hi, reset my password, thanks", keepPleasantries.normalize("Hi, reset my password, thanks!"));
    }

    @Test
    void should_only_apply_nfkc_and_trim_with_every_step_off() {
        var none = new TextNormalizer(NormalizationOptions.NONE);
        assertEquals("Hi,  THE file?", none.normalize("  Hi,  THE ﬁle?  "));
    }

    @Test
    void should_never_return_an_empty_text_for_a_non_blank_one() {
        for (String text : new String[] {"hi!", "please", "Thank you!", "hi there, thanks", "...", "Hey, pls, thx"}) {
            assertEquals(false, normalizer.normalize(text).isEmpty(), text);
        }
    }

    @Test
    void should_return_empty_for_blank_input_and_reject_null() {
        assertEquals("", normalizer.normalize("   "));
        assertThrows(NullPointerException.class, () -> normalizer.normalize(null));
    }
}
