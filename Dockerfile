# syntax=docker/dockerfile:1
# The operator image: the shaded jar the Maven build produces (and the integration tests run), on a JRE 17,
# as a non-root user.  Build: docker build -t s3-posture-operator:0.1.0 .
#
# Base images are pinned by the digest of their multi-arch index, so a rebuild gets the same bits. To move to
# the newest build of the same tags (JRE security fixes), run `bash hack/update-base-images.sh` (needs docker
# with buildx and access to Docker Hub), rebuild, and commit the new digests.
# Ubuntu (noble) JRE rather than Alpine: Temurin's Alpine JRE 17 is amd64 only, and arm64 nodes are common.

FROM maven:3.9-eclipse-temurin-17@sha256:42a3ac393abbc64dae6c96703e5ead2e921fe9103371ac58b5b404b0d6a26502 AS build
WORKDIR /src
COPY pom.xml ./
COPY local-stack/ local-stack/
COPY operator/ operator/
# the CRDs are bundled into the jar: the audit command validates policy files against them
COPY crds/ crds/
# -am builds local-stack too: the operator's test classes (CRD generator) compile against it
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -q -pl operator -am package -DskipTests

FROM eclipse-temurin:17-jre-noble@sha256:76bf6d763e84e4d286d5ee3df61e4adeca214977f83c7d8d2327b93db582dd9d
LABEL org.opencontainers.image.title="s3-posture-operator" \
      org.opencontainers.image.description="Keeps the security posture of AWS S3 buckets as declared"
WORKDIR /app
COPY --from=build /src/operator/target/s3-posture-operator.jar /app/s3-posture-operator.jar
# Class data sharing (AppCDS): the classes the operator loads up to its first checks, parsed and verified once
# here rather than at every start (start -> first completed check: about 5.5 s of CPU without, 2.6 s with; see
# docs/performance.md). The class list comes from a real run (hack/update-cds-classlist.sh); classes it names
# that no longer exist are skipped, and a JVM that cannot use the archive starts without it.
RUN --mount=type=bind,source=operator/src/main/cds,target=/cds \
    java -Xshare:dump -XX:SharedClassListFile=/cds/s3-posture-operator.classlist \
      -XX:SharedArchiveFile=/app/s3-posture-operator.jsa -cp /app/s3-posture-operator.jar >/dev/null
# glibc gives each thread that allocates its own malloc arena, up to 8 per core, and keeps what they once held:
# two arenas are plenty for an operator whose threads mostly wait on AWS (docs/performance.md#memory)
ENV MALLOC_ARENA_MAX=2
# numeric, so that runAsNonRoot can verify it without a passwd entry
USER 65532:65532
EXPOSE 8080
# JVM flags on the command line, not in JAVA_TOOL_OPTIONS: the JVM announces that variable with a line of its
# own ("Picked up ..."), the one line of a JSON log that would not be JSON. The chart passes the same flags
# (jvmOptions). Memory (docs/performance.md#memory): the serial collector, which the JVM picks by itself in a
# container under 1.75 GiB anyway (the live heap is tens of MiB; G1's own structures would add about 40 MiB);
# a heap that stays within 20-40 % of free space after a collection rather than 40-70 %; and the C heap that
# glibc keeps after a burst handed back every 30 s.
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:MinHeapFreeRatio=20", "-XX:MaxHeapFreeRatio=40", "-XX:TrimNativeHeapInterval=30000", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", "-XX:SharedArchiveFile=/app/s3-posture-operator.jsa", "-jar", "/app/s3-posture-operator.jar"]
CMD ["run"]
