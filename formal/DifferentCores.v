(** * Tensor trains with different internal cores: the path sum and the min-cut bound

    A train with independent cores ([dtt]): the first [dt_first x : 'rV_r], the internal core
    [dt_core p x : 'M_r] at internal position [p] (paper position [p + 2]; a train of order [d]
    reads the positions [p < d - 2], the others are unused) and the last [dt_last x : 'cV_r].  The
    entry at a word [x :: s] of length [d >= 2] is [G_1(w_1) G_2(w_2) ... G_(d-1)(w_(d-1))
    G_d(w_d)] ([dt_entry]).  An equal-core train is the train whose internal cores are all equal
    ([dtt_of_ett]), with the same entries ([dt_entry_ett]).  The cores and entries are over any
    ring ([dtt R n r]; [GenericPoly.v] uses a polynomial ring), the ranks over a field.

    - The path sum ([dt_entry_sum]): the entry is a sum over the [d - 1] bond values
      [(beta_1, ..., beta_(d-1))] of products of one factor per letter,
      [G_1(w_1)[beta_1] G_2(w_2)[beta_1, beta_2] ... G_d(w_d)[beta_(d-1)]] ([dt_tail_sum], by
      induction along the word); so the tensor has CP-rank at most [r ^ (d - 1)] ([dt_cp_rank],
      and [tt_cp_rank] for equal cores), and by Lemma 1 every matricization, of either parity,
      has rank at most [r ^ (d - 1)] (each core on its mode's side, every bond cut).
    - For [d = 2k] the odd/even matricization [dt_oddeven_mx D k] (rows: the letters at the odd
      paper positions) has rank at most [min(n ^ k, r * n ^ (k - 1), r ^ (2k - 1))]
      ([mincut_bound_dt], PROOFS.md 6.2 for independent cores): its rows; core 1 moved to the
      column side ([dt_rank_le_first_cut]: the entry is [\sum_beta G_1(x)[beta] tail_beta(...)],
      a product through [(beta, u)], [r * n ^ (k - 1)] values); every bond cut (the path sum).
    - [sharing_loses_nothing] (PROOFS.md 6.4, [d = 2k], real fields): the maximum of the odd/even
      rank over different-core trains equals the maximum over equal-core trains, for every
      [n, r, k]: every equal-core train is a different-core train with the same matricization,
      and some equal-core train ([generic_rank_witness]) reaches the bound that every
      different-core train obeys. *)

From mathcomp Require Import all_ssreflect all_algebra.
From TTExpr Require Import Matricization CPRank TensorTrain Transfer UpperBound GenericRank.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section DifferentCores.

Variable R : ringType.
Variables n r : nat.

(** [dt_core p]: the internal core at paper position [p + 2]. *)
Record dtt := DTT {
  dt_first : 'I_n -> 'rV[R]_r;
  dt_core : nat -> 'I_n -> 'M[R]_r;
  dt_last : 'I_n -> 'cV[R]_r
}.

Section Entry.

Variable D : dtt.

(** The product of the internal cores from position [p] on. *)
Fixpoint dprod (p : nat) (s : seq 'I_n) : 'M[R]_r :=
  if s is x :: s' then dt_core D p x *m dprod p.+1 s' else 1%:M.

Definition dt_entry (w : seq 'I_n) : R :=
  if w is x :: s then (dt_first D x *m dprod 0 (behead (belast x s)) *m dt_last D (last x s)) 0 0
  else 0.

Notation e_ b := (delta_mx 0 b : 'rV[R]_r).

(** The tail from the bond value [b] on, its first letter read by [dt_core p]:
    [(e_b G_(p+2)(y) ... G_d(z))]. *)
Definition dt_tail (p : nat) (b : 'I_r) (s : seq 'I_n) : R :=
  if s is y :: s' then (e_ b *m dprod p (belast y s') *m dt_last D (last y s')) 0 0 else 0.

Lemma e_mulE (b : 'I_r) m (A : 'M[R]_(r, m)) (B : 'M[R]_(m, 1)) :
  (e_ b *m A *m B) 0 0 = (A *m B) b 0.
Proof. by rewrite -mulmxA -rowE mxE. Qed.

Lemma dt_tail1 p b y : dt_tail p b [:: y] = dt_last D y b 0.
Proof. by rewrite /= mulmx1 -rowE mxE. Qed.

Lemma dt_tail_cons p b y z s :
  dt_tail p b [:: y, z & s] = \sum_c dt_core D p y b c * dt_tail p.+1 c (z :: s).
Proof.
rewrite /dt_tail /= e_mulE -mulmxA mxE; apply: eq_bigr => c _.
by rewrite e_mulE.
Qed.

Lemma dt_entry_cons x y s :
  dt_entry [:: x, y & s] = \sum_b dt_first D x 0 b * dt_tail 0 b (y :: s).
Proof.
rewrite /dt_entry /dt_tail /= -mulmxA mxE; apply: eq_bigr => b _.
by rewrite e_mulE.
Qed.

(** The path sum: the tail as a sum over the bond values [t] of products of one factor per
    letter. *)
Definition tail_factor (p : nat) (b : 'I_r) (t : seq 'I_r) (i : nat) (x : 'I_n) : R :=
  if (i < size t)%N then dt_core D (p + i) x (nth b (b :: t) i) (nth b (b :: t) i.+1)
  else dt_last D x (nth b (b :: t) i) 0.

Lemma dt_tail_sum m p b (w : m.+1.-tuple 'I_n) :
  dt_tail p b w = \sum_(t : m.-tuple 'I_r) \prod_(i < m.+1) tail_factor p b t i (tnth w i).
Proof.
elim: m p b w => [|m IH] p b w.
  rewrite (big_pred1 [tuple]) => [|t]; last by apply/esym/eqP; apply: val_inj; case: t => [[]].
  rewrite big_ord1; case: w => [[|y [|? ?]] //= sw].
  by rewrite mulmx1 -rowE mxE /tail_factor /= (tnth_nth y).
case/tupleP: w => y w'.
have -> : dt_tail p b [tuple of y :: w'] = \sum_c dt_core D p y b c * dt_tail p.+1 c w'.
  by case: w' => [[|z s] //] sz; exact: dt_tail_cons.
rewrite sum_tuple_cons; apply: eq_bigr => c _.
rewrite IH mulr_sumr; apply: eq_bigr => t _.
rewrite [RHS]big_ord_recl tnth0 {2}/tail_factor /= addn0; congr (_ * _).
apply: eq_bigr => i _; rewrite tnthS /tail_factor /= ltnS addnS addSn.
have it : (i < size (c :: t))%N by rewrite /= size_tuple ltn_ord.
case: ifP => im.
  by rewrite (set_nth_default c b it) (set_nth_default c b) //= size_tuple ltnS.
by rewrite (set_nth_default c b it).
Qed.

(** The whole entry: the first bond value, then the tail. *)
Definition cp_factor m (bs : m.+1.-tuple 'I_r) (i : nat) (x : 'I_n) : R :=
  if i is i'.+1 then tail_factor 0 (thead bs) (behead bs) i' x else dt_first D x 0 (thead bs).

Lemma dt_entry_sum m (w : m.+2.-tuple 'I_n) :
  dt_entry w = \sum_(bs : m.+1.-tuple 'I_r) \prod_(i < m.+2) cp_factor bs i (tnth w i).
Proof.
case/tupleP: w => x w; case/tupleP: w => y w.
rewrite [LHS]dt_entry_cons sum_tuple_cons; apply: eq_bigr => b _.
rewrite (dt_tail_sum 0 b [tuple of y :: w]) mulr_sumr; apply: eq_bigr => t _.
rewrite [RHS]big_ord_recl tnth0; congr (_ * _).
by apply: eq_bigr => i _; rewrite tnthS.
Qed.

End Entry.

End DifferentCores.

Section Rank.

Variable F : fieldType.
Variables n r : nat.

Notation dtt := (dtt F n r).

(** A sum over a finite type [K] of products of one factor per mode: CP-rank at most [#|K|]. *)
Lemma cp_rank_le_fin d (K : finType) (a : K -> 'I_d -> 'I_n -> F) (T : d.-tuple 'I_n -> F) :
  (forall w, T w = \sum_k \prod_(p < d) a k p (tnth w p)) -> cp_rank_le T #|K|.
Proof.
move=> Ta; exists (fun s => a (enum_val s)) => w; rewrite Ta /cp_sum.
rewrite (reindex (fun s : 'I_#|K| => enum_val s)) //=.
by exists (@enum_rank K) => s _; rewrite ?enum_rankK ?enum_valK.
Qed.

(** A train of order [d = m + 2] has CP-rank at most [r ^ (d - 1)]. *)
Theorem dt_cp_rank (D : dtt) m : cp_rank_le (fun w : m.+2.-tuple 'I_n => dt_entry D w) (r ^ m.+1).
Proof.
have -> : (r ^ m.+1)%N = #|{: m.+1.-tuple 'I_r}| by rewrite card_tuple card_ord.
apply: (cp_rank_le_fin (a := fun bs (p : 'I_m.+2) x => cp_factor D bs p x)) => w.
exact: dt_entry_sum.
Qed.

(** Equal cores: the train whose internal cores are all [tt_core T]. *)
Definition dtt_of_ett (T : ett F n r) : dtt := DTT (tt_first T) (fun _ => tt_core T) (tt_last T).

Lemma dprod_ett (T : ett F n r) p s : dprod (dtt_of_ett T) p s = mprod T s.
Proof. by elim: s p => [|x s IH] p //=; rewrite IH. Qed.

Lemma dt_entry_ett (T : ett F n r) w : dt_entry (dtt_of_ett T) w = tt_entry T w.
Proof. by case: w => [|x s] //=; rewrite dprod_ett. Qed.

Theorem tt_cp_rank (T : ett F n r) m :
  cp_rank_le (fun w : m.+2.-tuple 'I_n => tt_entry T w) (r ^ m.+1).
Proof.
have [a Ta] := dt_cp_rank (dtt_of_ett T) m.
by exists a => w; rewrite -Ta dt_entry_ett.
Qed.

(** The odd/even matricization, [d = 2k]: rows [u = (w_1, w_3, ...)], columns
    [v = (w_2, w_4, ...)], as for [oddeven_mx]. *)
Definition dt_oddeven (D : dtt) k := fmx (fun u v : k.-tuple 'I_n => dt_entry D (interleave u v)).

Definition dt_oddeven_mx (D : dtt) k : 'M[F]_(n ^ k) :=
  castmx (card_words n k, card_words n k) (dt_oddeven D k).

Lemma dt_oddeven_ett (T : ett F n r) k : dt_oddeven_mx (dtt_of_ett T) k = oddeven_mx T k.
Proof. by congr castmx; apply/matrixP=> i j; rewrite !mxE dt_entry_ett. Qed.

Section Bounds.

Variable D : dtt.

Lemma dt_rank_oddeven0 : \rank (dt_oddeven_mx D 0) = 0%N.
Proof.
rewrite rank_castmx; apply/eqP; rewrite -leqn0.
apply: (@rank_fmx_sum _ _ _ 0 (fun _ _ => 0) (fun _ _ => 0)) => -[[|? ?] //] v.
by rewrite big_ord0.
Qed.

Theorem dt_rank_le_rows k : (\rank (dt_oddeven_mx D k) <= n ^ k)%N.
Proof. exact: rank_leq_row. Qed.

(** Every bond cut: the path sum and Lemma 1. *)
Theorem dt_rank_le_bonds k : (\rank (dt_oddeven_mx D k) <= r ^ (k.*2).-1)%N.
Proof.
case: k => [|k]; first by rewrite dt_rank_oddeven0.
rewrite rank_castmx.
exact: (cp_rank_ge_matricization_rank (oe_word_splits n k.+1) (dt_cp_rank D k.*2)).
Qed.

(** Core 1 on the column side: [\sum_beta G_1(x)[beta] tail_beta(y, u_2, v_2, ...)], a product
    through [(beta, u)]. *)
Theorem dt_rank_le_first_cut k : (\rank (dt_oddeven_mx D k) <= r * n ^ k.-1)%N.
Proof.
case: k => [|k]; first by rewrite dt_rank_oddeven0.
rewrite rank_castmx /=.
have -> : (r * n ^ k = #|{: 'I_r * k.-tuple 'I_n}|)%N by rewrite card_prod card_tuple !card_ord.
apply: (@rank_fmx_prod _ _ _ _ _
  (fun (u : k.+1.-tuple 'I_n) (i : 'I_r * k.-tuple 'I_n) =>
     if val u is x :: u' then dt_first D x 0 i.1 * (u' == val i.2)%:R else 0)
  (fun (i : 'I_r * k.-tuple 'I_n) (v : k.+1.-tuple 'I_n) =>
     if val v is y :: v' then dt_tail D 0 i.1 (y :: interleave i.2 v') else 0)).
move=> [[|x u] //= su] [[|y v] //= sv]; have su' : size u == k by [].
rewrite -[LHS]/(dt_entry D [:: x, y & interleave u v]) dt_entry_cons sum_pair.
apply: eq_bigr => b _ /=; rewrite (bigD1 (Tuple su')) //= eqxx mulr1 big1 ?addr0 // => t ne.
suff -> : (u == val t) = false by rewrite mulr0 mul0r.
by apply/negbTE; apply: contra ne => /eqP ut; apply/eqP; apply: val_inj.
Qed.

(** PROOFS.md 6.2 for independent cores, [d = 2k]. *)
Theorem mincut_bound_dt k :
  (\rank (dt_oddeven_mx D k) <= minn (n ^ k) (minn (r * n ^ k.-1) (r ^ (k.*2).-1)))%N.
Proof. by rewrite !leq_min dt_rank_le_rows dt_rank_le_first_cut dt_rank_le_bonds. Qed.

End Bounds.

End Rank.

(** The sharing argument for one field: if for every [n, r, k >= 1] some equal-core train attains
    the min-cut value, the maximum of the odd/even rank over different-core trains equals that over
    equal-core trains (for [n], [r] or [k] zero every rank is [0]). *)
Lemma sharing_of_witness (F : fieldType) n r k :
  ((0 < n)%N -> (0 < r)%N -> (0 < k)%N -> exists T : ett F n r,
     \rank (oddeven_mx T k) = minn (n ^ k) (minn (r * n ^ k.-1) (r ^ (k.*2).-1))) ->
  (forall T : ett F n r, exists D : dtt F n r,
     \rank (dt_oddeven_mx D k) = \rank (oddeven_mx T k)) /\
  (exists T : ett F n r, forall D : dtt F n r,
     (\rank (dt_oddeven_mx D k) <= \rank (oddeven_mx T k))%N).
Proof.
move=> wit; split=> [T|]; first by exists (dtt_of_ett T); rewrite dt_oddeven_ett.
pose T0 := ETT (fun _ : 'I_n => 0 : 'rV[F]_r) (fun _ => 0) (fun _ => 0).
have [/andP [n0 r0]|] := boolP ((0 < n) && (0 < r))%N.
  case: (posnP k) => [->|k0]; first by exists T0 => D; rewrite (dt_rank_oddeven0 D).
  have [T eT] := wit n0 r0 k0.
  by exists T => D; rewrite eT; exact: mincut_bound_dt.
rewrite negb_and -!eqn0Ngt => nr0; exists T0 => D.
case: k {wit} => [|k]; first by rewrite (dt_rank_oddeven0 D).
apply: leq_trans (mincut_bound_dt D k.+1) _.
suff -> : minn (n ^ k.+1) (minn (r * n ^ k) (r ^ k.*2.+1)) = 0%N by [].
by case/orP: nr0 => /eqP ->; [rewrite exp0n // min0n | rewrite mul0n min0n minn0].
Qed.

(** PROOFS.md 6.4, [d = 2k]: sharing the internal core loses nothing for the odd/even rank.  Every
    equal-core train is a different-core train with the same matricization, and one equal-core
    train has rank at least that of every different-core train: the two maxima are equal, for
    every [n], [r], [k]. *)
Theorem sharing_loses_nothing (F : realFieldType) n r k :
  (forall T : ett F n r, exists D : dtt F n r,
     \rank (dt_oddeven_mx D k) = \rank (oddeven_mx T k)) /\
  (exists T : ett F n r, forall D : dtt F n r,
     (\rank (dt_oddeven_mx D k) <= \rank (oddeven_mx T k))%N).
Proof. exact: sharing_of_witness (@generic_rank_witness F n r k). Qed.
