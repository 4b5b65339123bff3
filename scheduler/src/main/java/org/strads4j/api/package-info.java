/**
 * The public API of Strads4J: what an application writes and what a user submits.
 *
 * <p>An application is three plugins over typed batch carriers, in the schedule / push / pull
 * (SPP) style of STRADS (Lee et al., NIPS 2014; Kim et al., EuroSys 2016):
 * <ul>
 *   <li>{@link org.strads4j.api.SchedulePlugin} runs on the coordinator and picks the parameter
 *       blocks of the next round, as an {@link org.strads4j.api.Assignment} of one
 *       {@link org.strads4j.api.Batch} per worker;</li>
 *   <li>{@link org.strads4j.api.UpdatePlugin} runs on every worker, next to its data shard, and
 *       returns a partial result; it also applies the previous round's commit to worker-local
 *       state ({@link org.strads4j.api.WorkerContext});</li>
 *   <li>{@link org.strads4j.api.AggregatePlugin} runs on the coordinator, combines the partials,
 *       writes new parameter values into the {@link org.strads4j.api.ParamStore} (an Ignite
 *       cache) and returns the commit that travels to the workers with the next dispatch.</li>
 * </ul>
 * An {@link org.strads4j.api.EvaluatePlugin} computes the objective and decides convergence.
 * An {@link org.strads4j.api.App} turns an immutable {@link org.strads4j.api.JobSpec} into a
 * {@link org.strads4j.api.Job}: data shards plus the plugins; apps are found with
 * {@link java.util.ServiceLoader}.
 */
package org.strads4j.api;
