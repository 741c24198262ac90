(** * The algebraic step: one minor separates the degenerate cores from the witness

    For cores [T] of any equal-core tensor train (bond dimension [r.+1]), [block_minor T k] is
    the determinant of the [q ^ k x q ^ k] submatrix of the odd/even matricization on the words
    over [[q]] (the witness's identity block).  It vanishes wherever the matricization has rank
    below [q ^ k] ([minor_vanishes]) and equals 1 at the seed's witness ([seed_minor]).  So the
    set of cores whose matricization has rank [< q ^ k] lies in the zero set of the map
    [T |-> block_minor T k], which is not identically zero.

    That [block_minor T k] is a polynomial in the entries of the cores is [Polynomial.v]
    ([minor_mpolyE]; [GenericMinor.v] turns any witness into one nonzero polynomial).  Cited
    (PROOFS.md 3): that the zero set of a nonzero polynomial on [R^N] is Lebesgue-null, and the
    variety statement. *)

From mathcomp Require Import all_ssreflect all_algebra.
From TTExpr Require Import Matricization TensorTrain SeedWitness.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section Algebraic.

Variable F : fieldType.
Variables n r : nat.

Definition block k (T : ett F n r.+1) :=
  fmx (fun u v : k.-tuple 'I_(q n r) =>
         tt_entry T (interleave (map_tuple (@to_n n r) u) (map_tuple (@to_n n r) v))).

Definition block_minor k (T : ett F n r.+1) : F := \det (block k T).

Theorem minor_vanishes k (T : ett F n r.+1) :
  (\rank (oddeven_mx T k) < q n r ^ k)%N -> block_minor k T = 0.
Proof.
move=> lt; apply/eqP; apply: contraLR lt => nz; rewrite -leqNgt.
have unit : block k T \in unitmx by rewrite unitmxE unitfE.
have rk := mxrank_unit unit.
have -> : (q n r ^ k = \rank (block k T))%N by rewrite rk card_tuple card_ord.
rewrite rank_oddeven_mx.
exact: (rank_fmx_sub (fun u v : k.-tuple 'I_n => tt_entry T (interleave u v))
          (fun u => map_tuple (@to_n n r) u) (fun v => map_tuple (@to_n n r) v)).
Qed.

Theorem seed_minor k : block_minor k.+1 (seed F n r) = 1.
Proof.
rewrite /block_minor /block.
have -> : fmx (fun u v : k.+1.-tuple 'I_(q n r) =>
    tt_entry (seed F n r) (interleave (map_tuple (@to_n n r) u) (map_tuple (@to_n n r) v))) = 1%:M.
  apply/matrixP=> i j; rewrite !mxE seed_entry_block.
  by rewrite (inj_eq enum_val_inj).
exact: det1.
Qed.

(** The degenerate set lies in the zero set of one minor, which is not identically zero. *)
Corollary degenerate_set_in_zero_set k :
  (forall T : ett F n r.+1, (\rank (oddeven_mx T k.+1) < q n r ^ k.+1)%N -> block_minor k.+1 T = 0)
  /\ block_minor k.+1 (seed F n r) != 0.
Proof. by split; [exact: minor_vanishes | rewrite seed_minor oner_neq0]. Qed.

End Algebraic.
