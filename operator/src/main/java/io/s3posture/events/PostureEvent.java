package io.s3posture.events;

/** One event to publish about a policy. */
public record PostureEvent(EventReason reason, String message) {}
