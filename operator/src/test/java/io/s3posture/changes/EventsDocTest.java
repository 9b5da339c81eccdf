package io.s3posture.changes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ControlName;
import io.s3posture.fleet.ChangeEventRouter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/events.md shows the event pattern the tests use (docs/event-pattern.json), and the pattern
 * covers every bucket-configuration and account Block Public Access call the operator reacts to.
 */
class EventsDocTest {

  private static final Path DOC = Path.of("..", "docs", "events.md");
  private static final Path PATTERN = Path.of("..", "docs", "event-pattern.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Every call the operator reacts to: the calls the controls declare (bucket and account), and the
   * calls that change which buckets a policy selects.
   */
  private static final Set<String> CALLS = calls();

  private static Set<String> calls() {
    ControlCatalog catalog = ControlCatalog.standard();
    Set<String> calls = new TreeSet<>(catalog.bucketChangeEvents());
    calls.addAll(catalog.accountChangeEvents());
    calls.addAll(ChangeEventRouter.SELECTION_EVENTS);
    return calls;
  }

  @Test
  void theDocShowsThePatternFile() throws IOException {
    Matcher block =
        Pattern.compile(
                "<!-- event-pattern: docs/event-pattern.json -->\\n```json\\n(.*?)```",
                Pattern.DOTALL)
            .matcher(Files.readString(DOC));
    assertThat(block.find()).as("the marked json block in %s", DOC).isTrue();
    assertThat(JSON.readTree(block.group(1))).isEqualTo(JSON.readTree(PATTERN.toFile()));
  }

  @Test
  void thePatternSelectsTheApiCallsOfS3AndTheDetectionServicesAndEveryCallTheOperatorReactsTo()
      throws IOException {
    JsonNode pattern = JSON.readTree(PATTERN.toFile());
    assertThat(texts(pattern.path("source")))
        .containsExactlyInAnyOrder(
            "aws.s3", "aws.cloudtrail", "aws.config", "aws.guardduty", "aws.macie2");
    assertThat(texts(pattern.path("detail-type")))
        .containsExactly(ChangeEventParser.CLOUDTRAIL_API_CALL);
    assertThat(texts(pattern.path("detail").path("eventSource")))
        .containsExactlyInAnyOrderElementsOf(ChangeEvent.ACCOUNT_EVENT_SOURCES);
    assertThat(texts(pattern.path("detail").path("eventName")))
        .containsExactlyInAnyOrderElementsOf(CALLS)
        .doesNotHaveDuplicates();
  }

  /**
   * The table of what each event re-checks says what the catalog does: every call appears once,
   * bucket calls with exactly the controls {@link ControlCatalog#bucketControlsChangedBy} returns,
   * the selection calls together, the account calls with the account controls.
   */
  @Test
  void theTableOfWhatEachEventRechecksMatchesTheCatalog() throws IOException {
    ControlCatalog catalog = ControlCatalog.standard();
    Map<String, Set<String>> rows = new TreeMap<>();
    Map<String, String> text = new TreeMap<>();
    for (String[] cells : tableRows()) {
      Set<String> controls = backticked(cells[1]);
      for (String event : backticked(cells[0])) {
        assertThat(rows.put(event, controls)).as("%s appears once", event).isNull();
        text.put(event, cells[1]);
      }
    }
    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(CALLS);
    for (String event : catalog.bucketChangeEvents()) {
      assertThat(rows.get(event))
          .as("the controls %s re-checks", event)
          .containsExactlyInAnyOrderElementsOf(
              catalog.bucketControlsChangedBy(event).stream().map(ControlName::specName).toList());
    }
    for (String event : ChangeEventRouter.SELECTION_EVENTS) {
      assertThat(rows.get(event)).as(event).isEmpty();
      assertThat(text.get(event)).as(event).contains("every control");
    }
    for (String event : catalog.accountChangeEvents()) {
      assertThat(rows.get(event))
          .as(event)
          .containsExactlyInAnyOrderElementsOf(
              catalog.accountControls().stream()
                  .filter(c -> c.info().changedBy().contains(event))
                  .map(c -> c.name().specName())
                  .toList());
      assertThat(text.get(event)).as(event).contains("AccountPolicies");
    }
  }

  /** The cells of the table after the marker: event names, what they re-check. */
  private static List<String[]> tableRows() throws IOException {
    String doc = Files.readString(DOC);
    int marker = doc.indexOf("<!-- event-controls: ControlCatalog -->");
    assertThat(marker).as("the marked table in %s", DOC).isNotNegative();
    List<String> lines = doc.substring(marker).lines().skip(3).toList(); // marker, header, rule
    List<String[]> rows = new ArrayList<>();
    for (String line : lines) {
      if (!line.startsWith("|")) {
        break;
      }
      String[] cells = line.substring(1, line.length() - 1).split("\\|");
      assertThat(cells).as("row %s", line).hasSize(2);
      rows.add(cells);
    }
    return rows;
  }

  private static Set<String> backticked(String cell) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("`([^`]+)`").matcher(cell);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }
}
