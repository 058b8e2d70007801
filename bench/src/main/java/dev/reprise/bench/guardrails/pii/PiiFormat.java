package dev.reprise.bench.guardrails.pii;

import dev.reprise.gateway.guardrails.PiiType;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * One way people write one kind of value (a card in groups of four, an IBAN in print form, an order number), with
 * the words that usually introduce it. {@code type} is null for a look-alike, which holds no sensitive data;
 * {@code listed} says whether the README lists the layout as detected. {@code make} may mark the value inside its
 * context with {@code «} and {@code »}, as in {@code [«2001:db8::1»]:443}.
 */
record PiiFormat(String name, PiiType type, boolean listed, List<String> leads, Function<Random, String> make) {

    static final char OPEN = '«';
    static final char CLOSE = '»';

    boolean lookAlike() {
        return type == null;
    }

    /** A listed format of a kind the detector finds. */
    static PiiFormat listed(String name, PiiType type, List<String> leads, Function<Random, String> make) {
        return new PiiFormat(name, type, true, leads, make);
    }

    /** A layout people use that the README does not list: measured so that recall is honest. */
    static PiiFormat other(String name, PiiType type, List<String> leads, Function<Random, String> make) {
        return new PiiFormat(name, type, false, leads, make);
    }

    static PiiFormat lookAlike(String name, List<String> leads, Function<Random, String> make) {
        return new PiiFormat(name, null, false, leads, make);
    }
}
