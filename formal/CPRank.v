(** * Lemma 1: the CP-rank of a tensor bounds the rank of every matricization

    A tensor of order [d] over modes of size [n] is a function of words [w : d.-tuple 'I_n].
    It has CP-rank at most [R] when it is a sum of [R] products of one vector per mode.  A
    matricization is any matrix whose entry [(i, j)] is the tensor at a word [word i j] whose
    letters at the positions of a set [S] depend only on the row index [i], and whose other
    letters depend only on the column index [j] (every partition of the modes, every order of
    the multi-indices).  Then each rank-one term is a rank-one matrix, and the matricization has
    rank at most [R]. *)

From mathcomp Require Import all_ssreflect all_algebra.
From TTExpr Require Import Matricization.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section CPRank.

Variable F : fieldType.
Variables n d : nat.

Definition cp_sum (R : nat) (a : 'I_R -> 'I_d -> 'I_n -> F) (w : d.-tuple 'I_n) : F :=
  \sum_(s < R) \prod_(p < d) a s p (tnth w p).

Definition cp_rank_le (T : d.-tuple 'I_n -> F) (R : nat) : Prop :=
  exists a : 'I_R -> 'I_d -> 'I_n -> F, forall w, T w = cp_sum a w.

Definition splits (I J : finType) (S : {set 'I_d}) (word : I -> J -> d.-tuple 'I_n) : Prop :=
  (forall i j j' p, p \in S -> tnth (word i j) p = tnth (word i j') p) /\
  (forall i i' j p, p \notin S -> tnth (word i j) p = tnth (word i' j) p).

Theorem cp_rank_ge_matricization_rank (T : d.-tuple 'I_n -> F) (R : nat)
    (I J : finType) (S : {set 'I_d}) (word : I -> J -> d.-tuple 'I_n) :
  splits S word -> cp_rank_le T R -> (\rank (fmx (fun i j => T (word i j))) <= R)%N.
Proof.
move=> [rowS colS] [a Ta].
case: (pickP (fun _ : I => true)) => [i0 _|noI]; last first.
  apply: leq_trans (rank_leq_row _) _.
  suff -> : #|I| = 0%N by [].
  by apply: eq_card0 => i; have := noI i.
case: (pickP (fun _ : J => true)) => [j0 _|noJ]; last first.
  apply: leq_trans (rank_leq_col _) _.
  suff -> : #|J| = 0%N by [].
  by apply: eq_card0 => j; have := noJ j.
apply: (@rank_fmx_sum F I J R
          (fun s i => \prod_(p < d | p \in S) a s p (tnth (word i j0) p))
          (fun s j => \prod_(p < d | p \notin S) a s p (tnth (word i0 j) p))) => i j.
rewrite Ta /cp_sum; apply: eq_bigr => s _.
rewrite (bigID (fun p => p \in S)) /=; congr (_ * _); apply: eq_bigr => p pS.
  by rewrite (rowS i j j0).
by rewrite (colS i i0 j).
Qed.

End CPRank.
