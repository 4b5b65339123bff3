/**
 * The MF app: collaborative-filtering matrix factorisation by CCD++ (Yu, Hsieh, Si and Dhillon,
 * "Scalable Coordinate Descent Approaches to Parallel Matrix Factorization for Recommender
 * Systems", ICDM 2012) on the model-parallel engine.
 *
 * <p>How CCD++ maps onto SPP rounds ({@link org.strads4j.apps.mf.MfSchedule}): one round is one
 * half-step of one feature {@code t}. In a W round every worker computes the new {@code u_t} of
 * the users of its row block ({@link org.strads4j.apps.mf.MfUpdate}, {@link org.strads4j.apps.mf.CcdKernel});
 * {@link org.strads4j.apps.mf.MfAggregate} joins the blocks into the whole column, stores it in the
 * parameter store under its column key ({@link org.strads4j.apps.mf.FactorKeys}) and commits it;
 * every worker then holds the new {@code u_t} for the H round, where it updates {@code v_t} of the
 * items of its column block. An outer iteration is {@code 2 * rank * inner} rounds. The ratings
 * are held twice per worker ({@link org.strads4j.apps.mf.MfShard}: by row block and by column
 * block), each copy with its residual; both copies take the same per-entry updates, so the
 * factors are the same for any number of workers. The residual work runs in the worker's
 * {@link org.strads4j.apps.mf.MfKernel}: plain Java, or CUDA through JCuda ({@code --device gpu},
 * {@code cuda/mf.cu}), which gives the same factors bit for bit; ALS (data-parallel) and SGD
 * (param-server) have plain-Java kernels only.
 *
 * <p>Entry points: {@link org.strads4j.apps.mf.MfApp} (the {@code App}),
 * {@code strads run mf} and {@code strads bench mf} ({@link org.strads4j.apps.mf.MfCommands}),
 * {@link org.strads4j.apps.mf.RatingsReader} (MovieLens-style files) and
 * {@link org.strads4j.apps.mf.SyntheticRatings} (the bundled synthetic set).
 */
package org.strads4j.apps.mf;
