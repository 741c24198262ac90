(** * Matrices indexed by finite types, and the rank facts the proofs use

    A matricization has rows and columns indexed by words (tuples of mode values).  [fmx f] is
    the MathComp matrix of a function [f : I -> J -> F] on two finite types, through the fixed
    bijections [enum_val] between ordinals and [I], [J]; its size is [#|I| x #|J|] (for words of
    length [k] over ['I_n] that is [n ^ k], [card_tuple]).  Four facts about its rank:

    - [rank_fmx_sub]: a submatrix (injective choices of rows and columns) has no larger rank;
    - [rank_fmx_free]: rows with no nonzero linear relation give full row rank;
    - [rank_fmx_sum]: a sum of [R] products [a s i * b s j] has rank at most [R];
    - [rank_fmx_diag]: the identity pattern [(i == j)] has full rank. *)

From mathcomp Require Import all_ssreflect all_algebra.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section FiniteMatrices.

Variable F : fieldType.

Definition fmx (I J : finType) (f : I -> J -> F) : 'M[F]_(#|I|, #|J|) :=
  \matrix_(i, j) f (enum_val i) (enum_val j).

Lemma fmxE (I J : finType) (f : I -> J -> F) i j :
  fmx f (enum_rank i) (enum_rank j) = f i j.
Proof. by rewrite mxE !enum_rankK. Qed.

(** Multiplying by a 0/1 selection matrix picks rows (or columns). *)
Lemma mul_sel_mx m p q (g : 'I_m -> 'I_p) (M : 'M[F]_(p, q)) :
  \matrix_(i, i0) ((g i == i0)%:R : F) *m M = \matrix_(i, j) M (g i) j.
Proof.
apply/matrixP=> i j; rewrite !mxE (bigD1 (g i)) //= mxE eqxx mul1r big1 ?addr0 // => i0 ne.
by rewrite mxE eq_sym (negbTE ne) mul0r.
Qed.

Lemma mul_mx_sel m p q (g : 'I_q -> 'I_p) (M : 'M[F]_(m, p)) :
  M *m \matrix_(j0, j) ((j0 == g j)%:R : F) = \matrix_(i, j) M i (g j).
Proof.
apply/matrixP=> i j; rewrite !mxE (bigD1 (g j)) //= mxE eqxx mulr1 big1 ?addr0 // => j0 ne.
by rewrite mxE (negbTE ne) mulr0.
Qed.

(** A submatrix: rows and columns chosen by injective maps. *)
Lemma rank_fmx_sub (I J I' J' : finType) (f : I -> J -> F) (a : I' -> I) (b : J' -> J) :
  (\rank (fmx (fun i j => f (a i) (b j))) <= \rank (fmx f))%N.
Proof.
pose ga (i : 'I_#|I'|) : 'I_#|I| := enum_rank (a (enum_val i)).
pose gb (j : 'I_#|J'|) : 'I_#|J| := enum_rank (b (enum_val j)).
have -> : fmx (fun i j => f (a i) (b j)) =
    \matrix_(i, i0) ((ga i == i0)%:R : F) *m fmx f *m \matrix_(j0, j) ((j0 == gb j)%:R : F).
  by rewrite mul_sel_mx mul_mx_sel; apply/matrixP=> i j; rewrite !mxE !enum_rankK.
exact: leq_trans (mxrankM_maxl _ _) (mxrankM_maxr _ _).
Qed.

(** Rows with no nonzero linear relation: full row rank. *)
Lemma rank_fmx_free (I J : finType) (f : I -> J -> F) :
  (forall c : I -> F, (forall j, \sum_i c i * f i j = 0) -> forall i, c i = 0) ->
  \rank (fmx f) = #|I|.
Proof.
move=> free; apply/eqP; rewrite eqn_leq rank_leq_row /=.
have ker0 : kermx (fmx f) = 0.
  apply/row_matrixP=> s; rewrite row0; apply/rowP=> i.
  have rel : forall j, \sum_i0 (row s (kermx (fmx f)) 0 (enum_rank i0)) * f i0 j = 0.
    move=> j.
    have E : (row s (kermx (fmx f)) *m fmx f) 0 (enum_rank j) = 0.
      by rewrite -row_mul mulmx_ker row0 mxE.
    rewrite mxE in E; apply: etrans E; rewrite (reindex (@enum_rank I)) /=; last first.
      by exists (fun x : 'I_#|I| => enum_val x) => x _; rewrite ?enum_rankK ?enum_valK.
    by apply: eq_bigr => i0 _; rewrite fmxE.
  by have := free _ rel (enum_val i); rewrite enum_valK => ->; rewrite mxE.
have := mxrank_ker (fmx f); rewrite ker0 mxrank0 => /esym/eqP; rewrite subn_eq0.
by [].
Qed.

(** A sum of [R] rank-one patterns has rank at most [R]. *)
Lemma rank_fmx_sum (I J : finType) (R : nat) (a : 'I_R -> I -> F) (b : 'I_R -> J -> F)
    (f : I -> J -> F) :
  (forall i j, f i j = \sum_(s < R) a s i * b s j) -> (\rank (fmx f) <= R)%N.
Proof.
move=> fE.
pose A : 'M[F]_(#|I|, R) := \matrix_(i, s) a s (enum_val i).
pose B : 'M[F]_(R, #|J|) := \matrix_(s, j) b s (enum_val j).
have -> : fmx f = A *m B by apply/matrixP=> i j; rewrite !mxE fE; apply: eq_bigr => s _; rewrite !mxE.
exact: leq_trans (mxrankM_maxl _ _) (rank_leq_col _).
Qed.

(** The identity pattern. *)
Lemma rank_fmx_diag (I : finType) : \rank (fmx (fun i j : I => (i == j)%:R : F)) = #|I|.
Proof.
apply: rank_fmx_free => c rel i.
have := rel i; rewrite (bigD1 i) //= eqxx mulr1 big1 ?addr0 // => i0 /negbTE ->.
by rewrite mulr0.
Qed.

(** Rows outside a set [P] are zero: rank at most [#|P|]. *)
Lemma rank_fmx_support (I J : finType) (f : I -> J -> F) (P : {set I}) :
  (forall i j, i \notin P -> f i j = 0) -> (\rank (fmx f) <= #|P|)%N.
Proof.
move=> out.
apply: (@rank_fmx_sum I J #|P| (fun s i => (i == enum_val s)%:R) (fun s j => f (enum_val s) j)) => i j.
case: (boolP (i \in P)) => [iP|iP]; last first.
  rewrite out // big1 // => s _; have sP : enum_val s \in P by exact: enum_valP.
  case: eqP => [ei|_]; last by rewrite mul0r.
  by move: iP; rewrite ei sP.
rewrite (bigD1 (enum_rank_in iP i)) //= enum_rankK_in // eqxx mul1r big1 ?addr0 // => s ne.
suff -> : (i == enum_val s) = false by rewrite mul0r.
apply/negbTE; apply: contra ne => /eqP ei.
by apply/eqP; apply: (@enum_val_inj _ P); rewrite -ei enum_rankK_in.
Qed.

(** A square pattern of full rank over a smaller index set bounds the rank from below. *)
Lemma rank_fmx_block (I J I' : finType) (f : I -> J -> F) (a : I' -> I) (b : I' -> J) :
  (forall i j, f (a i) (b j) = (i == j)%:R) -> (#|I'| <= \rank (fmx f))%N.
Proof.
move=> fE; rewrite -(rank_fmx_diag I').
have -> : fmx (fun i j : I' => (i == j)%:R : F) = fmx (fun i j => f (a i) (b j)).
  by apply/matrixP=> i j; rewrite !mxE fE.
exact: rank_fmx_sub.
Qed.

End FiniteMatrices.

(** Sums over words of length [k.+1]: the first letter and the rest. *)
Lemma sum_tuple_cons (R : zmodType) (T : finType) (k : nat) (g : k.+1.-tuple T -> R) :
  \sum_(t : k.+1.-tuple T) g t = \sum_(x : T) \sum_(t : k.-tuple T) g [tuple of x :: t].
Proof.
rewrite pair_big /=.
rewrite (reindex (fun p : T * k.-tuple T => [tuple of p.1 :: p.2])) /=.
  by apply: eq_bigr => -[x t].
exists (fun t : k.+1.-tuple T => (thead t, [tuple of behead t])) => [[x t] _ | t _] /=.
  by congr pair; apply: val_inj.
by apply: val_inj; rewrite /= [t in RHS](tuple_eta t).
Qed.
