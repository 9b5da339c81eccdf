package io.s3posture.localstack.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Kernel settings are read whole: a partial read of a sysctl answers only its first bytes. */
class HostStateTest {

  @Test
  void readsAMultiDigitSysctlWhole() throws Exception {
    Path pidMax = Path.of("/proc/sys/kernel/pid_max");
    assumeTrue(Files.exists(pidMax), "a Linux /proc");
    Process cat = new ProcessBuilder("cat", pidMax.toString()).start();
    String expected = new String(cat.getInputStream().readAllBytes()).strip();
    assertThat(expected).hasSizeGreaterThan(1);

    assertThat(HostState.readSysctl("kernel.pid_max")).hasValue(expected);
    assertThat(HostState.readSysctl("kernel.no_such_setting")).isEmpty();
  }
}
