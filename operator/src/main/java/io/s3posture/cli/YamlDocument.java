package io.s3posture.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * One YAML document read for people: its tree, the line of every key (for reports that point into
 * the file), and parse errors in one line ({@code file:line:column: problem}) rather than the
 * parser's internals.
 *
 * @param lines the 1-based line of each key, by JSON pointer, e.g. /spec/controls/encryption
 */
record YamlDocument(JsonNode root, Map<String, Integer> lines) {

  private static final YAMLFactory FACTORY = new YAMLFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  /** Throws UsageException when the text is not one YAML mapping. */
  static YamlDocument parse(Path path, String yaml) {
    JsonNode root;
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = FACTORY.createParser(yaml)) {
      root = MAPPER.readTree(yaml);
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME) {
          lines.putIfAbsent(
              parser.getParsingContext().pathAsPointer().toString(),
              parser.currentTokenLocation().getLineNr());
        }
      }
    } catch (JsonProcessingException e) {
      throw new UsageException(oneLine(path, e));
    } catch (IOException e) {
      throw new UsageException("cannot read the policy file " + path + ": " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new UsageException(path + " is not a YAML mapping (a Kubernetes manifest)");
    }
    return new YamlDocument(root, lines);
  }

  /** e.g. "policy.yaml:7:12: is not valid YAML: mapping values are not allowed here". */
  private static String oneLine(Path path, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where =
        at == null || at.getLineNr() < 1
            ? path.toString()
            : path + ":" + at.getLineNr() + ":" + at.getColumnNr();
    String problem = e.getOriginalMessage();
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof MarkedYAMLException marked && marked.getProblem() != null) {
        problem = marked.getProblem();
        if (marked.getProblemMark() != null) {
          where =
              path
                  + ":"
                  + (marked.getProblemMark().getLine() + 1)
                  + ":"
                  + (marked.getProblemMark().getColumn() + 1);
        }
      }
    }
    String first = problem == null ? "" : problem.lines().findFirst().orElse("").strip();
    return where + ": not valid YAML: " + first;
  }
}
