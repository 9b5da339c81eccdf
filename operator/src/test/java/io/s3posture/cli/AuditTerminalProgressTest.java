package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AuditTerminalProgressTest {

  @Test
  void rewritesOneLineAndClearsItAtTheEnd() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Progress progress = new TerminalProgress(new PrintStream(out, true, StandardCharsets.UTF_8));

    progress.started(2);
    progress.bucketChecked();
    progress.bucketChecked();
    progress.finished();

    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("\rchecked 0/2 buckets\rchecked 1/2 buckets\rchecked 2/2 buckets\r\033[K");
  }
}
