package dev.reprise.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in every string value of a parsed config tree.
 * {@code ${NAME}} must be set (an unset variable is a typo or a forgotten export, so the start stops
 * naming the key and the variable); {@code ${NAME:-default}} falls back when the variable is unset or empty.
 * Runs before binding, so a substituted value is checked like any other; the values it puts in are
 * recorded, so that an error about one shows the reference instead ({@link SubstitutedValues}).
 */
public final class EnvSubstitution {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

    private final Function<String, String> env;

    public EnvSubstitution(Function<String, String> env) {
        this.env = env;
    }

    /** Substitution from the process environment. */
    public static EnvSubstitution ofSystem() {
        return new EnvSubstitution(System::getenv);
    }

    /** Substitution from a fixed map: for tests. */
    public static EnvSubstitution of(Map<String, String> vars) {
        return new EnvSubstitution(vars::get);
    }

    /** Rewrites {@code root} in place and returns it; each value taken from the environment goes into {@code seen}. */
    JsonNode apply(JsonNode root, SubstitutedValues seen) {
        return walk(root, "", seen);
    }

    private JsonNode walk(JsonNode node, String path, SubstitutedValues seen) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                object.set(name, walk(object.get(name), path.isEmpty() ? name : path + "." + name, seen));
            }
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, walk(array.get(i), path + "[" + i + "]", seen));
            }
            return array;
        }
        if (node != null && node.isTextual() && node.asText().contains("${")) {
            String resolved = substitute(path, node.asText(), seen);
            seen.add(node.asText(), resolved);
            return TextNode.valueOf(resolved);
        }
        return node;
    }

    /** The value with every reference replaced; fails naming {@code key} for an unset {@code ${NAME}}. */
    public String substitute(String key, String value) {
        return substitute(key, value, new SubstitutedValues());
    }

    private String substitute(String key, String value, SubstitutedValues seen) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String resolved = env.apply(name);
            if (m.group(2) != null && (resolved == null || resolved.isEmpty())) {
                resolved = m.group(3);
            } else if (resolved == null) {
                throw ConfigException.at(key, "environment variable " + name + " is not set"
                        + " (write ${" + name + ":-} to allow it to be empty)");
            } else {
                seen.add(m.group(), resolved);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return out.toString();
    }
}
