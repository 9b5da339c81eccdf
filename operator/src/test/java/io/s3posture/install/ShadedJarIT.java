package io.s3posture.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.testing.OperatorJar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar carries one HTTP client for the AWS SDK, the one the code builds every client on
 * (apache-client): the SDK's netty-nio-client and apache5-client, and the libraries they pull in,
 * stay out. That it still runs is what every IT that starts the jar shows (LeaderElectionIT,
 * OperatorLogsIT, the audit command's ITs).
 */
class ShadedJarIT {

  @Test
  void carriesOnlyTheApacheHttpClientForTheAwsSdk() throws IOException {
    try (JarFile jar = new JarFile(OperatorJar.require().toFile())) {
      List<String> names = jar.stream().map(ZipEntry::getName).toList();
      assertThat(names)
          .as("classes of the SDK's unused HTTP clients")
          .noneMatch(
              name ->
                  name.startsWith("io/netty/")
                      || name.startsWith("org/apache/hc/")
                      || name.startsWith("software/amazon/awssdk/http/nio/")
                      || name.startsWith("software/amazon/awssdk/http/apache5/"));
      assertThat(names).contains("software/amazon/awssdk/http/apache/ApacheHttpClient.class");
      ZipEntry services =
          jar.getEntry("META-INF/services/software.amazon.awssdk.http.SdkHttpService");
      String registered =
          new String(jar.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(registered.lines().map(String::strip).filter(l -> !l.startsWith("#")))
          .filteredOn(line -> !line.isEmpty())
          .containsExactly("software.amazon.awssdk.http.apache.ApacheSdkHttpService");
      assertThat(
              jar.getEntry(
                  "META-INF/services/software.amazon.awssdk.http.async.SdkAsyncHttpService"))
          .as("no async HTTP client registered")
          .isNull();
    }
  }
}
