/**
 * Built-in schedulers: priority sampling over a {@link org.strads4j.schedule.SumTree}, the
 * dependency (interference) filter of STRADS, round-robin and uniform-random coordinate schedules,
 * and disjoint block rotation (LDA-style).
 */
package org.strads4j.schedule;
