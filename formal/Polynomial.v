(** * The parameters of an equal-core train, and its matricization as polynomials in them

    The parameter vector of an equal-core train [T : ett F n r] has
    [npar n r = n r + r r n + r n] coordinates: the first core [G_1] ([n x r], coordinate
    [(x, b)]), then the shared core [G] ([r x r x n], coordinate [(a, b, x)] for [G(x)[a, b]]),
    then the last core [G_d] ([r x n], coordinate [(a, x)]).  The coordinates are the ordinals of
    the finite type [par_index] (through [pidx], a bijection onto ['I_(npar n r)]).

    - [param_tt x : ett F n r] reads the cores off a vector [x : 'I_(npar n r) -> F];
      [flatten T] is the vector of a train, and [param_tt (flatten T)] has the cores of [T]
      ([flattenK_entry], [flattenK_oddeven]: every train is [param_tt] of a vector).
    - [entry_mpoly w : {mpoly F[npar n r]}] is the entry of the train at the word [w] with the
      variables ['X_i] in place of the core entries: the same product of matrices, over the
      polynomial ring.  [matricization_entry_poly]: its value at [x] is [tt_entry (param_tt x) w],
      for every [x] and [w].
    - [oddeven_mpoly k] is the odd/even matricization with these polynomial entries
      ([oddeven_mpolyE]: evaluated at [x] it is [oddeven_mx (param_tt x) k]), and
      [minor_mpoly k f g] the determinant of its submatrix on the rows [f] and the columns [g]:
      [minor_mpolyE], its value at [x] is that minor of [oddeven_mx (param_tt x) k].

    Evaluation [p.@[x]] is a ring morphism ([meval_rmorphism], SsrMultinomials), so it commutes
    with matrix products ([map_mxM]) and determinants ([det_map_mx]). *)

From mathcomp Require Import all_ssreflect all_algebra.
From SsrMultinomials Require Import mpoly.
From TTExpr Require Import Matricization TensorTrain.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section Parameters.

Variables n r : nat.

(** The coordinates: [G_1(x)[b]], [G(x)[a, b]], [G_d(x)[a]]. *)
Definition par_index := (('I_n * 'I_r) + ('I_r * 'I_r * 'I_n) + ('I_r * 'I_n))%type.

Definition npar := (n * r + r * r * n + r * n)%N.

Lemma card_par : #|{: par_index}| = npar.
Proof. by rewrite !card_sum !card_prod !card_ord. Qed.

Definition pidx (p : par_index) : 'I_npar := cast_ord card_par (enum_rank p).

Definition pval (i : 'I_npar) : par_index := enum_val (cast_ord (esym card_par) i).

Lemma pidxK : cancel pidx pval.
Proof. by move=> p; rewrite /pval /pidx cast_ordK enum_rankK. Qed.

Definition first_idx (x : 'I_n) (b : 'I_r) : 'I_npar := pidx (inl (inl (x, b))).
Definition core_idx (x : 'I_n) (a b : 'I_r) : 'I_npar := pidx (inl (inr (a, b, x))).
Definition last_idx (x : 'I_n) (a : 'I_r) : 'I_npar := pidx (inr (a, x)).

Section Trains.

Variable F : fieldType.

Definition param_tt (x : 'I_npar -> F) : ett F n r :=
  ETT (fun y => \row_b x (first_idx y b)) (fun y => \matrix_(a, b) x (core_idx y a b))
      (fun y => \col_a x (last_idx y a)).

Definition flatten (T : ett F n r) (i : 'I_npar) : F :=
  match pval i with
  | inl (inl (y, b)) => tt_first T y 0 b
  | inl (inr (a, b, y)) => tt_core T y a b
  | inr (a, y) => tt_last T y a 0
  end.

(** Trains with the same cores have the same entries. *)
Lemma eq_tt_entry (T T' : ett F n r) :
  tt_first T =1 tt_first T' -> tt_core T =1 tt_core T' -> tt_last T =1 tt_last T' ->
  tt_entry T =1 tt_entry T'.
Proof.
move=> e1 e2 e3 [|y s] //=; rewrite e1 e3; congr ((_ *m _ *m _) 0 0).
by elim: (behead _) => //= z t ->; rewrite e2.
Qed.

Lemma flattenK_entry (T : ett F n r) : tt_entry (param_tt (flatten T)) =1 tt_entry T.
Proof.
apply: eq_tt_entry => y.
- by apply/rowP=> b; rewrite mxE /flatten /first_idx pidxK.
- by apply/matrixP=> a b; rewrite mxE /flatten /core_idx pidxK.
- by apply/colP=> a; rewrite mxE /flatten /last_idx pidxK.
Qed.

Lemma flattenK_oddeven (T : ett F n r) k : oddeven_mx (param_tt (flatten T)) k = oddeven_mx T k.
Proof. by congr castmx; apply/matrixP=> i j; rewrite !mxE flattenK_entry. Qed.

(** The train over the polynomial ring: each core entry is its own variable. *)
Local Notation P := {mpoly F[npar]}.

Definition pfirst (y : 'I_n) : 'rV[P]_r := \row_b 'X_(first_idx y b).
Definition pcore (y : 'I_n) : 'M[P]_r := \matrix_(a, b) 'X_(core_idx y a b).
Definition plast (y : 'I_n) : 'cV[P]_r := \col_a 'X_(last_idx y a).

Fixpoint pmprod (s : seq 'I_n) : 'M[P]_r := if s is y :: s' then pcore y *m pmprod s' else 1%:M.

Definition entry_mpoly (w : seq 'I_n) : P :=
  if w is y :: s then (pfirst y *m pmprod (behead (belast y s)) *m plast (last y s)) 0 0 else 0.

Variable x : 'I_npar -> F.

Local Notation ev := (meval x).

Lemma map_pfirst y : map_mx ev (pfirst y) = tt_first (param_tt x) y.
Proof. by apply/rowP=> b; rewrite !mxE mevalXU. Qed.

Lemma map_pcore y : map_mx ev (pcore y) = tt_core (param_tt x) y.
Proof. by apply/matrixP=> a b; rewrite !mxE mevalXU. Qed.

Lemma map_plast y : map_mx ev (plast y) = tt_last (param_tt x) y.
Proof. by apply/colP=> a; rewrite !mxE mevalXU. Qed.

Lemma map_pmprod s : map_mx ev (pmprod s) = mprod (param_tt x) s.
Proof. by elim: s => [|y s IH] /=; rewrite ?map_mx1 // map_mxM IH map_pcore. Qed.

(** Each entry of the train is the value of a fixed polynomial at the parameter vector. *)
Theorem matricization_entry_poly (w : seq 'I_n) :
  (entry_mpoly w).@[x] = tt_entry (param_tt x) w.
Proof.
case: w => [|y s] /=; first exact: meval0.
have -> : forall M : 'M[{mpoly F[npar]}]_1, ev (M 0 0) = map_mx ev M 0 0 by move=> M; rewrite mxE.
by rewrite !map_mxM map_pfirst map_pmprod map_plast.
Qed.

End Trains.

(** The odd/even matricization and its minors, as polynomials. *)
Section MinorPolys.

Variables (F : fieldType) (k : nat).

Local Notation P := {mpoly F[npar]}.

Definition oddeven_words : 'M[P]_#|{: k.-tuple 'I_n}| :=
  \matrix_(i, j)
    entry_mpoly F (interleave (enum_val i : k.-tuple 'I_n) (enum_val j : k.-tuple 'I_n)).

Definition oddeven_mpoly : 'M[P]_(n ^ k) := castmx (card_words n k, card_words n k) oddeven_words.

Lemma oddeven_mpolyE (x : 'I_npar -> F) :
  map_mx (meval x) oddeven_mpoly = oddeven_mx (param_tt x) k.
Proof.
by rewrite map_castmx; congr castmx; apply/matrixP=> i j; rewrite !mxE matricization_entry_poly.
Qed.

(** The minor on the rows [f] and the columns [g]. *)
Definition minor_mpoly s (f g : 'I_s -> 'I_(n ^ k)) : P := \det (mxsub f g oddeven_mpoly).

Theorem minor_mpolyE s (f g : 'I_s -> 'I_(n ^ k)) (x : 'I_npar -> F) :
  (minor_mpoly f g).@[x] = \det (mxsub f g (oddeven_mx (param_tt x) k)).
Proof. by rewrite -det_map_mx map_mxsub oddeven_mpolyE. Qed.

End MinorPolys.

End Parameters.

Arguments entry_mpoly : clear implicits.
Arguments minor_mpoly n r F k [s] f g.
