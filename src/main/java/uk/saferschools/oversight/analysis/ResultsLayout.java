package uk.saferschools.oversight.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import uk.saferschools.oversight.analysis.SnapshotFindings.RateRow;

/**
 * The layout results.json has always had, for a tree Jackson made: one key of the top level a line, a list
 * of objects not inside another list one object a line, everything else on one line with ", " and ": ";
 * numbers as rates.csv writes them (full precision, whole numbers without a decimal point). Only the
 * layout: what is written is decided by {@link SnapshotFindings}.
 */
final class ResultsLayout {

    private ResultsLayout() {
    }

    static String of(JsonNode root) {
        List<String> fields = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            fields.add("  " + quote(field.getKey()) + ": " + value(field.getValue(), 1));
        }
        return "{\n" + String.join(",\n", fields) + "\n}\n";
    }

    /** {@code depth} 1 for a value of the top level, 2 inside an object of it; 0 inside any list. */
    private static String value(JsonNode node, int depth) {
        if (node.isObject()) {
            List<String> fields = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                fields.add(quote(field.getKey()) + ": " + value(field.getValue(), depth == 0 ? 0 : depth + 1));
            }
            return "{" + String.join(", ", fields) + "}";
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(value(item, 0)));
            boolean oneALine = depth > 0 && !node.isEmpty() && node.get(0).isObject();
            return oneALine ? "[\n    " + String.join(",\n    ", items) + "\n  ]" : "[" + String.join(", ", items) + "]";
        }
        if (node.isString()) {
            return quote(node.asString());
        }
        if (node.isFloatingPointNumber()) {
            return RateRow.number(node.asDouble());
        }
        return node.toString();
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
