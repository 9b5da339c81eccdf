# syntax=docker/dockerfile:1
# The operator image: the shaded jar the Maven build produces (and the integration tests run), on a JRE 17,
# as a non-root user.  Build: docker build -t s3-posture-operator:0.1.0 .

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY local-stack/ local-stack/
COPY operator/ operator/
# the CRDs are bundled into the jar: the audit command validates policy files against them
COPY crds/ crds/
# -am builds local-stack too: the operator's test classes (CRD generator) compile against it
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -q -pl operator -am package -DskipTests

FROM eclipse-temurin:17-jre
LABEL org.opencontainers.image.title="s3-posture-operator" \
      org.opencontainers.image.description="Keeps the security posture of AWS S3 buckets as declared"
WORKDIR /app
COPY --from=build /src/operator/target/s3-posture-operator.jar /app/s3-posture-operator.jar
# numeric, so that runAsNonRoot can verify it without a passwd entry
USER 65532:65532
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
ENTRYPOINT ["java", "-jar", "/app/s3-posture-operator.jar"]
CMD ["run"]
