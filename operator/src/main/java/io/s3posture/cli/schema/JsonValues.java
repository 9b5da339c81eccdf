package io.s3posture.cli.schema;

import com.fasterxml.jackson.databind.JsonNode;

/** JSON scalars as the Go values the API server's messages show. */
final class JsonValues {

  private JsonValues() {}

  /** A string, int64, float64 or bool for a scalar; the node itself for anything else. */
  static Object plain(JsonNode node) {
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node;
  }
}
