package io.s3posture.reports;

import java.util.EnumMap;
import java.util.Map;

/**
 * A Report's {@code summary}: how many results have each outcome, counted over every governed
 * bucket and managed control, including results left out of a capped result list.
 */
public record ReportSummary(int pass, int fail, int warn, int error, int skip) {

  public static ReportSummary of(Map<ResultStatus, Integer> counts) {
    Map<ResultStatus, Integer> all = new EnumMap<>(ResultStatus.class);
    all.putAll(counts);
    return new ReportSummary(
        all.getOrDefault(ResultStatus.PASS, 0),
        all.getOrDefault(ResultStatus.FAIL, 0),
        all.getOrDefault(ResultStatus.WARN, 0),
        all.getOrDefault(ResultStatus.ERROR, 0),
        all.getOrDefault(ResultStatus.SKIP, 0));
  }

  public int total() {
    return pass + fail + warn + error + skip;
  }
}
