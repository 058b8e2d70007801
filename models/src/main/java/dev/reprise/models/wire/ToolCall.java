package dev.reprise.models.wire;

/**
 * A function call the model asked for. In stream chunks {@code index} says which call a fragment
 * belongs to and the other fields may be partial; in whole messages {@code index} is null.
 */
public record ToolCall(Integer index, String id, String type, FunctionCall function) {

    public static final String FUNCTION = "function";

    public static ToolCall function(String id, String name, String arguments) {
        return new ToolCall(null, id, FUNCTION, new FunctionCall(name, arguments));
    }

    /** The function's name and its arguments as a JSON string (exactly as the model produced them). */
    public record FunctionCall(String name, String arguments) {
    }
}
