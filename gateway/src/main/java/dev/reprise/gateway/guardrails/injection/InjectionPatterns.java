package dev.reprise.gateway.guardrails.injection;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phrase patterns of the well-known attack shapes, read on {@link PromptText#normalise normalised} text. Each has a
 * weight: 1.0 where the phrase has no benign reading in a support chat, less where it sometimes has one ("you are
 * now", "system prompt" alone), so the semantic part or the threshold decides those.
 */
final class InjectionPatterns {

    /** The best pattern hit of one category. */
    record Hit(InjectionCategory category, double weight, String matched) {
    }

    /**
     * A pattern and the literals one of which every text it matches contains: a text with none of them is not run
     * through the pattern. Java's regex tries a pattern at every position of the text, so on a long prompt the
     * patterns were most of the screen's cost; a literal is found with one pass of {@link String#contains}.
     */
    private record Rule(InjectionCategory category, double weight, List<String> anchors, Pattern pattern) {

        boolean mayMatch(String normalised) {
            for (String anchor : anchors) {
                if (normalised.contains(anchor)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final String EARLIER = "(?:previous|prior|above|earlier|preceding|original|initial|system|"
            + "existing|old|all|your|these|those|any)";
    private static final String RULES = "(?:instructions?|prompts?|rules|directions|directives|guidelines|commands|"
            + "programming|constraints|guardrails|restrictions|polic(?:y|ies))";
    private static final String SECRET_PROMPT = "(?:(?:system|initial|original|hidden|secret|internal|developer|"
            + "starting|full|exact|pre)[ -]?(?:prompt|instructions|message|configuration|directives|rules)|"
            + "system prompt|prompt you were given|instructions you were given|your prompt)";

    private static final List<Rule> RULES_LIST = List.of(
            rule(InjectionCategory.OVERRIDE, 1.0, List.of("ignore", "disregard", "forget", "skip", "override",
                            "bypass", "drop", "discard", "abandon", "set aside", "throw out"),
                    "\\b(?:ignore|disregard|forget|skip|override|bypass|drop|discard|"
                    + "abandon|set aside|throw out)\\b(?: \\w+){0,3} " + EARLIER + "(?: \\w+){0,3} " + RULES + "\\b"),
            rule(InjectionCategory.OVERRIDE, 1.0, List.of("follow", "obey", "apply"),
                    "\\b(?:do not|don't|stop|no longer) (?:follow|obey|apply)(?:ing)?"
                    + "(?: \\w+){0,3} " + RULES + "\\b"),
            rule(InjectionCategory.OVERRIDE, 1.0, List.of("ignore", "disregard", "forget", "override", "bypass"),
                    "\\b(?:ignore|disregard|forget|override|bypass)\\b(?: \\w+){0,5} (?:in|from)"
                    + " your (?:prompt|instructions|system message|rules|guidelines)\\b"),
            rule(InjectionCategory.OVERRIDE, 1.0, List.of("ignore", "disregard", "forget", "throw out", "discard",
                            "drop", "abandon"),
                    "\\b(?:ignore|disregard|forget|throw out|discard|drop|abandon)\\b"
                    + "(?: \\w+){0,3} (?:prompt|instructions|rules|guidelines) you (?:were|have been) given\\b"),
            rule(InjectionCategory.OVERRIDE, 1.0, List.of("earlier", "previous", "prior", "above", "old", "original",
                            "existing"),
                    "\\b(?:earlier|previous|prior|above|old|original|existing) "
                    + RULES + " (?:are|were|is|have been) (?:now )?(?:replaced|cancell?ed|canceled|void|revoked|"
                    + "overridden|obsolete|suspended|lifted|no longer valid)\\b"),
            rule(InjectionCategory.OVERRIDE, 0.9, List.of("whatever your"),
                    "\\bwhatever your (?:instructions|rules|prompt|guidelines|operator)"
                    + " (?:say|says|said)\\b"),
            rule(InjectionCategory.OVERRIDE, 0.9, List.of("new "),
                    "\\bnew (?:instructions?|rules|task|directives?|orders|objective)"
                    + " ?:"),
            rule(InjectionCategory.OVERRIDE, 0.9, List.of("system", "admin", "developer", "im_start"),
                    "(?:\\[|<\\|?|#{2,} ?)(?:system|admin|developer|im_start)"
                    + "(?:\\]|\\|?>| ?(?:override|message|note)?:)"),
            rule(InjectionCategory.OVERRIDE, 0.9, List.of("override", "update", "notice"),
                    "\\b(?:system|admin|developer|security) (?:override|update|notice)"
                    + " ?:"),
            rule(InjectionCategory.OVERRIDE, 0.8, List.of("your "),
                    "\\byour (?:only |new )?(?:task|job|goal|purpose) (?:is now|now is)\\b"),
            rule(InjectionCategory.OVERRIDE, 0.6, List.of("you are now "),
                    "\\byou are now (?!(?:connected|speaking|talking|chatting|logged|"
                    + "subscribed|signed|enrolled|eligible|registered|on|in|able|set|ready)\\b)"),
            rule(InjectionCategory.OVERRIDE, 0.75, List.of("from now on"),
                    "\\bfrom now on,? (?:you (?:will|must|are|should)|ignore|only|"
                    + "respond|answer|reply|act)\\b"),
            rule(InjectionCategory.ROLEPLAY, 1.0, List.of("do anything now"),
                    "\\bdo anything now\\b"),
            rule(InjectionCategory.ROLEPLAY, 1.0, List.of(" mode"),
                    "\\b(?:enable|activate|enter|switch to|switch into|you are in|"
                    + "now in|simulate|turn on) (?:the )?(?:god|jailbreak|jailbroken|unrestricted|"
                    + "unfiltered|dan|evil|sudo) mode\\b"),
            // Developer and debug modes are real settings in software a support desk talks about.
            rule(InjectionCategory.ROLEPLAY, 0.7, List.of(" mode"),
                    "\\b(?:enable|activate|enter|switch to|you are in|now in|simulate)"
                    + " (?:the )?(?:developer|debug|admin) mode\\b"),
            rule(InjectionCategory.ROLEPLAY, 0.85, List.of("with no", "without any", "has no", "have no", "ignores",
                            "follow any", "never follows", "free of", "liberated from"),
                    "\\b(?:you are|you're|be|become|play|as|an?)\\b(?: \\w+){0,6}"
                    + " (?:with no|without any|has no|have no|who ignores|that ignores|does not follow any|"
                    + "doesn't follow any|never follows|free of|liberated from)(?: \\w+){0,2} (?:restrictions|rules|"
                    + "limits|filters|guidelines|safeguards|polic(?:y|ies)|ethics|morals)\\b"),
            rule(InjectionCategory.ROLEPLAY, 0.9, List.of("you are "),
                    "\\byou are (?:now )?(?:called |named )?[a-z]+,? an? (?:ai|"
                    + "assistant|chatbot|bot|model)\\b(?: \\w+){0,3} (?:who|that|which)\\b"),
            rule(InjectionCategory.ROLEPLAY, 0.9, List.of("liberated", "freed", "unshackled"),
                    "\\b(?:liberated|freed|unshackled) from\\b"),
            rule(InjectionCategory.ROLEPLAY, 0.9, List.of("not exist"),
                    "\\b(?:content )?(?:policy|policies|rules|guidelines|restrictions)"
                    + " (?:do|does) not exist\\b"),
            rule(InjectionCategory.ROLEPLAY, 1.0, List.of("pretend", "imagine", "as if", "suppose"),
                    "\\b(?:pretend|imagine|act as if|behave as if|suppose)(?: that)?"
                    + "(?: \\w+){0,8} (?:no|without|free of|free from|not bound by|unbound by|don't have|do not have|"
                    + "never follows?|ignores?) (?:any )?(?:restrictions|rules|limits|filters|guidelines|policies|"
                    + "content polic(?:y|ies)|ethics|morals|censorship|boundaries)\\b"),
            rule(InjectionCategory.ROLEPLAY, 1.0, List.of("without", "with no", "free of"),
                    "\\b(?:act|behave|respond|answer|roleplay|role-play|play)"
                    + "(?: \\w+){0,8} (?:without|with no|free of) (?:any )?(?:restrictions|rules|limits|filters|"
                    + "guidelines|ethics|morals|censorship|boundaries)\\b"),
            rule(InjectionCategory.ROLEPLAY, 1.0, List.of("jailbr", "unfiltered", "uncensored", "unrestricted",
                            "unchained", "unshackled"),
                    "\\b(?:jailbreak|jailbroken|unfiltered|uncensored|unrestricted|"
                    + "unchained|unshackled) (?:mode|ai|assistant|version|model|persona|bot|chatbot)\\b"),
            rule(InjectionCategory.ROLEPLAY, 1.0, List.of("freed", "liberated", "unshackled", "released", "unchained",
                            "jailbroken"),
                    "\\byou (?:have been|are|were) (?:freed|liberated|unshackled|"
                    + "released|unchained|jailbroken)\\b"),
            rule(InjectionCategory.ROLEPLAY, 0.9, List.of("restrictions", "rules", "limits", "filters", "guidelines"),
                    "\\b(?:dan|stan|dude|aim|kevin)\\b(?: \\w+){0,8} (?:no|any|"
                    + "without) (?:restrictions|rules|limits|filters|guidelines)\\b"),
            rule(InjectionCategory.ROLEPLAY, 0.7, List.of("stay in character"),
                    "\\bstay in character\\b"),
            rule(InjectionCategory.EXTRACT, 1.0, List.of("prompt", "instructions", "message", "configuration",
                            "directives", "rules"),
                    "\\b(?:repeat|print|reveal|show|display|output|tell me|give me|"
                    + "share|leak|dump|recite|write out|write down|copy|paste|list|spell out|summari[sz]e|"
                    + "translate|quote|what (?:is|are|was|were|does))\\b(?: \\w+){0,4} " + SECRET_PROMPT + "\\b"),
            rule(InjectionCategory.EXTRACT, 1.0, List.of("above", "before "),
                    "\\b(?:repeat|print|output|copy|recite|write out|show)\\b(?: \\w+){0,3}"
                    + " (?:the )?(?:text|words|everything|content|message|lines)(?: \\w+){0,2} (?:above|before "
                    + "(?:this|my|the first))\\b"),
            rule(InjectionCategory.EXTRACT, 0.9, List.of("told", "instructed", "programmed", "configured", "prompted"),
                    "\\b(?:what|which|how) (?:were|have) you (?:been )?(?:told|"
                    + "instructed|programmed|configured|prompted)\\b"),
            rule(InjectionCategory.EXTRACT, 0.9, List.of("you are"),
                    "\\b(?:starts?|begins?|beginning|starting) with \"?you are\\b"),
            rule(InjectionCategory.EXTRACT, 0.9, List.of("given", "received", "told", "in your", "operator"),
                    "\\b(?:repeat|print|reveal|show|list|quote|describe|share|tell me|"
                    + "give me|what|which)\\b(?: \\w+){0,5} (?:instructions|rules|guidelines|polic(?:y|ies)|prompt|"
                    + "message)(?: \\w+){0,3} (?:you were given|were you given|you have received|you received|"
                    + "you were told|in your (?:prompt|instructions)|given by your operator|your operator gave)\\b"),
            rule(InjectionCategory.EXTRACT, 0.85, List.of("verbatim", "word for word", "exactly as written"),
                    "\\b(?:instructions|prompt)\\b(?: \\w+){0,6} (?:verbatim|word for "
                    + "word|exactly as written)\\b"),
            rule(InjectionCategory.EXTRACT, 0.9, List.of("told", "given", "instructed"),
                    "\\b(?:everything|all) (?:that )?you (?:were|have been) (?:told|"
                    + "given|instructed)\\b"),
            rule(InjectionCategory.EXTRACT, 0.8, List.of("message", "context window"),
                    "\\b(?:text|words|content) (?:\\w+ )?(?:above|before) my (?:first )?"
                    + "message\\b|\\bcontext window\\b"),
            rule(InjectionCategory.EXTRACT, 0.7, List.of("system prompt", "verbatim"),
                    "\\bsystem prompt\\b|\\bverbatim\\b"),
            rule(InjectionCategory.ENCODED, 0.9, List.of("base", "rot", "hex", "binary", "morse", "caesar", "cipher",
                            "encoded", "reversed"),
                    "\\b(?:decode|decipher|deobfuscate|translate|convert|unscramble|"
                    + "reverse)\\b(?: \\w+){0,6} (?:base ?64|rot ?13|hex|binary|morse|caesar|cipher|ciphertext|"
                    + "encoded|reversed)\\b(?: \\w+){0,8} (?:follow|execute|obey|do what it says|carry out|run|act on|"
                    + "perform|comply|do it|apply)\\b"),
            rule(InjectionCategory.ENCODED, 0.9, List.of("decoded", "hidden", "encoded", "base64", "rot13", "hex"),
                    "\\b(?:follow|execute|obey|carry out|run|act on|perform)\\b(?: \\w+){0,4}"
                    + " (?:the )?(?:decoded|hidden|encoded|base64|rot13|hex) (?:instructions?|text|message|command"
                    + "|payload)\\b"));

    private InjectionPatterns() {
    }

    private static Rule rule(InjectionCategory category, double weight, List<String> anchors, String regex) {
        return new Rule(category, weight, anchors, Pattern.compile(regex));
    }

    /** The best hit per category in {@code normalised}; categories with no hit are absent. */
    static Map<InjectionCategory, Hit> match(String normalised) {
        return match(normalised, true);
    }

    /** {@link #match}, or with {@code anchored} false every pattern run whatever the text holds (for tests). */
    static Map<InjectionCategory, Hit> match(String normalised, boolean anchored) {
        Map<InjectionCategory, Hit> best = new EnumMap<>(InjectionCategory.class);
        for (Rule rule : RULES_LIST) {
            Hit current = best.get(rule.category());
            if (current != null && current.weight() >= rule.weight() || anchored && !rule.mayMatch(normalised)) {
                continue;
            }
            Matcher m = rule.pattern().matcher(normalised);
            if (m.find()) {
                best.put(rule.category(), new Hit(rule.category(), rule.weight(), m.group()));
            }
        }
        return best;
    }

    /** How many patterns there are; for tests. */
    static int ruleCount() {
        return RULES_LIST.size();
    }

    /** Whether pattern {@code index} matches {@code normalised}, its literals checked first when {@code anchored}. */
    static boolean ruleMatches(int index, String normalised, boolean anchored) {
        Rule rule = RULES_LIST.get(index);
        return (!anchored || rule.mayMatch(normalised)) && rule.pattern().matcher(normalised).find();
    }
}
