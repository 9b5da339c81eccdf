package io.s3posture.control;

import java.util.List;

/** A drift as "field:REMEDY" strings, for readable table assertions. */
final class DriftSummary {

  private DriftSummary() {}

  static List<String> of(Drift drift) {
    return drift.fields().stream().map(f -> f.field() + ":" + f.remedy()).toList();
  }
}
