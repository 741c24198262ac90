(** * PROOFS.md 6.4: the min-cut value is attained, every [n, r, k >= 1] (witness part)

    For even [d = 2k] and every [n, r, k >= 1] some equal-core train [T : ett F n r] has odd/even
    rank exactly [min(n ^ k, r * n ^ (k - 1), r ^ (2k - 1))] ([generic_rank_witness]); with
    [mincut_bound] (every train has rank at most that value) this value is the maximum of the
    odd/even rank over equal-core trains of bond [r].  Three regimes, each a sandwich: the witness's
    rank is one of the three terms of the min, so [min <= rank], and [mincut_bound] gives
    [rank <= min]:
    - [n <= r]: the seed's witness ([strong_bound], bond [r = r'.+1]), rank [min(n, r) ^ k = n ^ k];
    - [r <= n <= r ^ 2] (real field): [transfer_spaces_rank], rank [r * n ^ (k - 1)];
    - [r ^ 2 <= n]: the copy witness ([copy_rank_mincut]), rank [r ^ (2k - 1)].

    What is not formal here:
    - the trains of this development share one core [G_2 = ... = G_(d-1)]; the paper's remark on
      trains with different cores is not formalized;
    - "generic rank" in the paper's sense (the rank at almost every choice of cores) follows from
      this theorem and [generic_rank_poly] ([GenericMinor.v]: one minor, a polynomial in the core
      entries, is nonzero at the witness, and off its zero set the rank is the min-cut value),
      with the cited fact that the zero set of a nonzero polynomial on [R^N] is Lebesgue-null. *)

From mathcomp Require Import all_ssreflect all_algebra.
From TTExpr Require Import Matricization TensorTrain SeedWitness StrongBound CopyWitness UpperBound
  TransferSpaces.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

(** The sandwich: a rank equal to one of the min-cut terms, and at most the min, is the min. *)
Lemma mincut_sandwich (F : fieldType) n r (T : ett F n r) k :
  \rank (oddeven_mx T k) \in [:: n ^ k; r * n ^ k.-1; r ^ (k.*2).-1]%N ->
  \rank (oddeven_mx T k) = minn (n ^ k) (minn (r * n ^ k.-1) (r ^ (k.*2).-1)).
Proof.
move=> e; apply/eqP; rewrite eqn_leq mincut_bound /=.
by move: e; rewrite !inE => /or3P[] /eqP ->; rewrite !geq_min leqnn ?orbT.
Qed.

(** PROOFS.md 6.4, witness part: some equal-core train attains the min-cut value. *)
Theorem generic_rank_witness (F : realFieldType) n r k : (0 < n)%N -> (0 < r)%N -> (0 < k)%N ->
  exists T : ett F n r,
    \rank (oddeven_mx T k) = minn (n ^ k) (minn (r * n ^ k.-1) (r ^ (k.*2).-1)).
Proof.
move=> n0 r0 k0; have [nr|rn] := leqP n r.
  case: r r0 nr => // r' _ nr; case: k k0 => // k' _.
  exists (seed F n r'); apply: mincut_sandwich.
  by rewrite strong_bound (minn_idPl nr) inE eqxx.
have [nrr|rrn] := leqP n (r * r).
  have [T eT] := transfer_spaces_rank F r0 (ltnW rn) nrr k0.
  by exists T; apply: mincut_sandwich; rewrite eT !inE eqxx orbT.
by exists (copy_tt F n r); case: (copy_rank_mincut F (ltnW rrn) k0).
Qed.
