package io.s3posture.metrics;

/** Labels that identify a policy in metrics. AccountPolicy has no namespace (""). */
public record PolicyKey(String kind, String namespace, String name) {}
