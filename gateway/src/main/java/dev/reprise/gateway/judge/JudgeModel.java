package dev.reprise.gateway.judge;

/** Asks the judge alias one prompt and returns its reply; throws when no answer came. */
@FunctionalInterface
public interface JudgeModel {

    JudgeReply ask(String prompt);
}
