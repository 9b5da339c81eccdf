package io.s3posture.localstack.proxy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rule in force: its id, and how many requests it selected ({@code matched}) and faulted ({@code
 * fired}) so far.
 */
public record RuleState(long id, FaultRule rule, long matched, long fired) {

  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id);
    json.putAll(rule.toJson());
    json.put("matched", matched);
    json.put("fired", fired);
    return json;
  }
}
