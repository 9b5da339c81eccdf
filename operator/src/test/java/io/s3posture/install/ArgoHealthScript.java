package io.s3posture.install;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3posture.testing.CommandResult;
import io.s3posture.testing.ToolBinary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Runs the Argo CD health script with glua, the Lua VM Argo CD embeds, the way Argo CD does. */
final class ArgoHealthScript {

  /** The script as shipped. */
  static final Path SCRIPT = Path.of("../docs/argocd/health.lua");

  private ArgoHealthScript() {}

  /** The health of {@code object}: status, then message (a global obj, the chunk returns hs). */
  static List<String> run(String script, JsonNode object, Path work) throws IOException {
    Path scriptFile = Files.writeString(work.resolve("health.lua"), script);
    Path harness =
        Files.writeString(
            work.resolve("harness.lua"),
            // Argo CD's sandbox has neither: the script must not need them
            "string = nil\nio = nil\n"
                + "obj = "
                + lua(object)
                + "\nlocal hs = dofile("
                + quote(scriptFile.toString())
                + ")\nprint(hs.status)\nprint(hs.message)\n");
    String output =
        CommandResult.run(
                work, 30, List.of(ToolBinary.require("glua").toString(), harness.toString()))
            .successfulOutput();
    return output.lines().toList();
  }

  /** A Lua table literal for a JSON value, as Argo CD converts objects for its scripts. */
  static String lua(JsonNode node) {
    if (node.isObject()) {
      StringJoiner fields = new StringJoiner(", ", "{", "}");
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!field.getValue().isNull()) {
          fields.add("[" + quote(field.getKey()) + "] = " + lua(field.getValue()));
        }
      }
      return fields.toString();
    }
    if (node.isArray()) {
      StringJoiner items = new StringJoiner(", ", "{", "}");
      node.forEach(item -> items.add(lua(item)));
      return items.toString();
    }
    if (node.isNumber() || node.isBoolean()) {
      return node.asText();
    }
    return node.isNull() ? "nil" : quote(node.asText());
  }

  private static String quote(String text) {
    return "\""
        + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
        + "\"";
  }
}
