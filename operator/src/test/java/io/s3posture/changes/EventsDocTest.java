package io.s3posture.changes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3posture.control.ControlCatalog;
import io.s3posture.fleet.ChangeEventRouter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
  void thePatternSelectsS3ApiCallsAndEveryCallTheOperatorReactsTo() throws IOException {
    JsonNode pattern = JSON.readTree(PATTERN.toFile());
    assertThat(texts(pattern.path("source"))).containsExactly("aws.s3");
    assertThat(texts(pattern.path("detail-type")))
        .containsExactly(ChangeEventParser.CLOUDTRAIL_API_CALL);
    assertThat(texts(pattern.path("detail").path("eventSource")))
        .containsExactly(ChangeEvent.S3_EVENT_SOURCE);
    assertThat(texts(pattern.path("detail").path("eventName")))
        .containsExactlyInAnyOrderElementsOf(CALLS)
        .doesNotHaveDuplicates();
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }
}
