(** * Odd [d = 2k + 1]: the odd/even matricization, its min-cut bound, and the attained value

    Rows: the [k + 1] letters at the odd paper positions [u = (w_1, w_3, ..., w_(2k+1))];
    columns: the [k] letters at the even positions [v = (w_2, ..., w_(2k))]; the word is
    [odd_word u v] ([rcons (interleave (u_1 ... u_k) v) u_(k+1)]).  [odd_mx f k] is that matrix
    ([n ^ (k + 1) x n ^ k]) of any tensor [f] on words; [oddeven_odd_mx T k] of an equal-core
    train, [dt_oddeven_odd_mx D k] of a train with different cores.

    - Lemma 1 ([cp_rank_ge_odd_rank]): the positions of the rows are the even 0-based positions
      ([oe_odd_word_splits]), so the CP-rank bounds the rank.
    - Upper bound ([mincut_bound_odd], [mincut_bound_odd_dt], PROOFS.md 6.2, [d = 2k + 1]): rank
      [<= min(n, r ^ 2) ^ k]: [n ^ k] columns, and [r ^ (2k)] by the path sum of
      [DifferentCores.v] (every bond cut).
    - The transfer lemma at [d = 2k + 1] ([transfer_rank_odd], PROOFS.md 6.3): if [G_1], [G_d] have
      rank [r > 0] and the two-step transfer matrix is invertible, the rank is [n ^ k] (full
      column rank).  With rows [rcons (x :: u) z] and columns [rcons c y] the entry is
      [G_1(x) pairs(u, c) M_y G_d(z)] ([odd_entry_pairs]); a column relation [gamma] gives, in
      turn, [\sum_(c, y) gamma(c, y) pairs(u, c) M_y G_d(z) = 0] ([G_1] has full column rank),
      [\sum_y gamma(c, y) M_y G_d(z) = 0] for each [c] ([pairs_free]),
      [\sum_y gamma(c, y) M_y = 0] ([G_d] has full row rank) and [gamma = 0] (an invertible
      transfer matrix makes the [M_y] independent, [tfree_free]) -- the paper's
      [X = (Y_k (x) I_n)(I (x) S)], [rank S = n], written as statements about relations.
    - The seed's odd-[d] extension ([seed_odd], PROOFS.md 6.4, [n < r]): the seed's first and
      internal cores (bond [r.+1]) and the last core [G_d[a, i] = [a = P][i = 0]] ([P] the pass
      state); for [n <= r] the rows [rcons p 0] give the identity block [I_(n ^ k)]
      ([seed_odd_block], by the index lemma [pair_identity]).
    - Padding the alphabet ([pad_tt]): a train on [m <= n] symbols, extended by zero cores, keeps
      its matricization as a submatrix ([pad_rank_odd]).
    - [generic_rank_witness_odd] (real fields): for every [n, r, k >= 1] some equal-core train has
      rank exactly [min(n, r ^ 2) ^ k]: the seed's extension when [n < r]; otherwise the transfer
      witness of [TransferSpaces.v] on [min(n, r ^ 2)] symbols ([tfree_rank_odd]), padded.
    - [sharing_loses_nothing_odd]: as for even [d], the maximum over different-core trains equals
      that over equal-core trains. *)

From mathcomp Require Import all_ssreflect all_algebra.
From TTExpr Require Import Matricization CPRank TensorTrain SeedWitness Transfer TransferSpaces
  DifferentCores.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section OddWords.

Variable n : nat.

Definition odd_word (u v : seq 'I_n) : seq 'I_n :=
  if u is x :: u' then rcons (interleave (belast x u') v) (last x u') else [::].

Lemma odd_word_rcons (p v : seq 'I_n) z : odd_word (rcons p z) v = rcons (interleave p v) z.
Proof. by case: p => [|x p] //=; rewrite belast_rcons last_rcons. Qed.

Lemma nth_rcons_interleave x0 (p v : seq 'I_n) z i : size p = size v -> (i <= (size v).*2)%N ->
  nth x0 (rcons (interleave p v) z) i = if odd i then nth x0 v i./2 else nth x0 (rcons p z) i./2.
Proof.
move=> pv; rewrite [in LHS]nth_rcons size_interleave // pv leq_eqVlt => /orP [/eqP ->|lt].
  by rewrite ltnn eqxx odd_double doubleK nth_rcons pv ltnn eqxx.
rewrite lt nth_interleave //; case: ifP => // _.
by rewrite nth_rcons pv -ltn_double (leq_ltn_trans _ lt) // -{2}(odd_double_half i) leq_addl.
Qed.

Variable k : nat.

Lemma size_oe_odd (u : k.+1.-tuple 'I_n) (v : k.-tuple 'I_n) : size (odd_word u v) == k.*2.+1.
Proof.
case: u => [[|x u] //= su]; have su' : size u = k by move: su => /eqP [].
by rewrite size_rcons size_interleave size_belast ?su' ?size_tuple.
Qed.

(** The word of the odd matricization's entry [(u, v)], as a tuple of length [2k + 1]. *)
Definition oe_odd_word (u : k.+1.-tuple 'I_n) (v : k.-tuple 'I_n) : (k.*2.+1).-tuple 'I_n :=
  Tuple (size_oe_odd u v).

Lemma tnth_oe_odd_word u v (p : 'I_(k.*2.+1)) x0 :
  tnth (oe_odd_word u v) p = nth x0 (if odd p then (v : seq _) else u) p./2.
Proof.
rewrite (tnth_nth x0) /= (fun_if (fun s => nth x0 s p./2)).
case: u => [[|x u] //= su]; have su' : size u = k by move: su => /eqP [].
rewrite [x :: u]lastI nth_rcons_interleave ?size_belast ?size_tuple //.
by rewrite -ltnS ltn_ord.
Qed.

Lemma oe_odd_word_splits : splits [set p : 'I_(k.*2.+1) | ~~ odd p] oe_odd_word.
Proof.
split=> [u v v' p | u u' v p]; rewrite inE => pS; have x0 := tnth (oe_odd_word u v) p.
  by rewrite !(tnth_oe_odd_word _ _ _ x0) (negbTE pS).
by rewrite !(tnth_oe_odd_word _ _ _ x0) negbK in pS *; rewrite pS.
Qed.

End OddWords.

Lemma map_interleave m n (f : 'I_m -> 'I_n) (u v : seq 'I_m) :
  map f (interleave u v) = interleave (map f u) (map f v).
Proof. by elim: u v => [|x u IH] [|y v] //=; rewrite IH. Qed.

Lemma map_odd_word m n (f : 'I_m -> 'I_n) (u v : seq 'I_m) :
  map f (odd_word u v) = odd_word (map f u) (map f v).
Proof. by case: u => [|x u] //=; rewrite map_rcons map_interleave belast_map last_map. Qed.

Section OddMatricization.

Variable F : fieldType.
Variable n : nat.

(** The odd/even matricization, [d = 2k + 1], of a tensor [f] on words: [n ^ (k + 1)] rows,
    [n ^ k] columns. *)
Definition odd_mx (f : seq 'I_n -> F) k : 'M[F]_(n ^ k.+1, n ^ k) :=
  castmx (card_words n k.+1, card_words n k)
    (fmx (fun (u : k.+1.-tuple 'I_n) (v : k.-tuple 'I_n) => f (odd_word u v))).

Lemma rank_odd_mx (f : seq 'I_n -> F) k :
  \rank (odd_mx f k) =
  \rank (fmx (fun (u : k.+1.-tuple 'I_n) (v : k.-tuple 'I_n) => f (odd_word u v))).
Proof. exact: rank_castmx. Qed.

(** Lemma 1 for the odd/even matricization, [d = 2k + 1]. *)
Theorem cp_rank_ge_odd_rank (f : seq 'I_n -> F) k (R : nat) :
  cp_rank_le (fun w : (k.*2.+1).-tuple 'I_n => f w) R -> (\rank (odd_mx f k) <= R)%N.
Proof.
move=> cp; rewrite rank_odd_mx.
exact: (cp_rank_ge_matricization_rank (oe_odd_word_splits n k) cp).
Qed.

Lemma rank_odd_le_cols (f : seq 'I_n -> F) k : (\rank (odd_mx f k) <= n ^ k)%N.
Proof. exact: rank_leq_col. Qed.

(** The min-cut value [min(n, r ^ 2) ^ k] from the columns and the bond cut [r ^ (2k)]. *)
Lemma odd_mincut (f : seq 'I_n -> F) k r :
  (\rank (odd_mx f k) <= r ^ k.*2)%N -> (\rank (odd_mx f k) <= minn n (r * r) ^ k)%N.
Proof.
move=> bonds; case: (leqP n (r * r)) => [nrr|rrn].
  exact: rank_odd_le_cols.
by rewrite expnMn -expnD addnn.
Qed.

End OddMatricization.

(** Equal cores and different cores. *)
Definition oddeven_odd_mx (F : fieldType) n r (T : ett F n r) k := odd_mx (tt_entry T) k.
Definition dt_oddeven_odd_mx (F : fieldType) n r (D : dtt F n r) k := odd_mx (dt_entry D) k.

Lemma dt_oddeven_odd_ett (F : fieldType) n r (T : ett F n r) k :
  dt_oddeven_odd_mx (dtt_of_ett T) k = oddeven_odd_mx T k.
Proof. by congr castmx; apply/matrixP=> i j; rewrite !mxE dt_entry_ett. Qed.

(** PROOFS.md 6.2, [d = 2k + 1], independent cores: rank at most [min(n, r ^ 2) ^ k]. *)
Theorem mincut_bound_odd_dt (F : fieldType) n r (D : dtt F n r) k :
  (\rank (dt_oddeven_odd_mx D k) <= minn n (r * r) ^ k)%N.
Proof.
apply: odd_mincut; case: k => [|k]; first exact: rank_odd_le_cols.
apply: (cp_rank_ge_odd_rank (f := dt_entry D) (k := k.+1)); exact: (dt_cp_rank D k.*2.+1).
Qed.

(** PROOFS.md 6.2, [d = 2k + 1], equal cores. *)
Theorem mincut_bound_odd (F : fieldType) n r (T : ett F n r) k :
  (\rank (oddeven_odd_mx T k) <= minn n (r * r) ^ k)%N.
Proof. by rewrite -dt_oddeven_odd_ett mincut_bound_odd_dt. Qed.

Section OddEntry.

Variables (F : fieldType) (n r : nat) (T : ett F n r).

Notation M := (tt_core T).

Lemma tt_entry_rcons x s z :
  tt_entry T (rcons (x :: s) z) = (tt_first T x *m mprod T s *m tt_last T z) 0 0.
Proof. by rewrite rcons_cons /= belast_rcons last_rcons. Qed.

Lemma interleave_cons_rcons (x y : 'I_n) (u c : seq 'I_n) : size u = size c ->
  interleave (x :: u) (rcons c y) = x :: rcons (interleave c u) y.
Proof.
elim: u c x => [|x' u IH] [|c0 c] x //= [uc].
by have /= -> := IH c x' uc.
Qed.

Lemma mprod_interleave (u c : seq 'I_n) : size u = size c -> mprod T (interleave c u) = pairs T u c.
Proof. by elim: u c => [|x u IH] [|y c] //= [/IH ->]; rewrite mulmxA. Qed.

(** Rows [rcons (x :: u) z], columns [rcons c y]: the entry is [G_1(x) pairs(u, c) M_y G_d(z)]. *)
Lemma odd_entry_pairs x (u : seq 'I_n) z (c : seq 'I_n) y : size u = size c ->
  tt_entry T (odd_word (rcons (x :: u) z) (rcons c y)) =
  (tt_first T x *m (pairs T u c *m M y *m tt_last T z)) 0 0.
Proof.
move=> uc; rewrite odd_word_rcons interleave_cons_rcons // tt_entry_rcons.
by rewrite -cats1 mprod_cat mprod_interleave //= mulmx1 !mulmxA.
Qed.

End OddEntry.

(** PROOFS.md 6.3, the transfer lemma at [d = 2k + 1]: rank [n ^ k] (full column rank). *)
Theorem transfer_rank_odd (F : fieldType) n r (T : ett F n r) k :
  (0 < r)%N -> \rank (first_mx T) = r -> \rank (last_mx T) = r -> transfer_mx T \in unitmx ->
  (0 < k)%N -> \rank (oddeven_odd_mx T k) = (n ^ k)%N.
Proof.
move=> r0 r1 rd U; case: k => // k _; apply/eqP; rewrite eqn_leq rank_odd_le_cols /=.
have tf : tfree (tt_core T) by apply/transfer_unitP.
rewrite /oddeven_odd_mx rank_odd_mx.
apply: leq_trans (rank_fmx_sub _
  (fun i : 'I_n * k.-tuple 'I_n * 'I_n => [tuple of rcons [tuple of i.1.1 :: i.1.2] i.2])
  (fun j : k.-tuple 'I_n * 'I_n => [tuple of rcons j.1 j.2])).
rewrite -mxrank_tr fmx_tr rank_fmx_free; first by rewrite card_prod card_tuple card_ord expnSr.
move=> gam rel [c0 y0] /=.
pose V (u : k.-tuple 'I_n) z : 'cV[F]_r :=
  \sum_(j : k.-tuple 'I_n * 'I_n) gam j *: (pairs T u j.1 *m tt_core T j.2 *m tt_last T z).
have V0 u z : V u z = 0.
  apply: (first_free r1); apply/colP => x; rewrite [RHS]mxE -(rel (x, u, z)).
  have -> : (first_mx T *m V u z) x 0 = (tt_first T x *m V u z) 0 0.
    have -> : tt_first T x = row x (first_mx T) by apply/rowP => b; rewrite !mxE.
    by rewrite -row_mul [RHS]mxE.
  rewrite mulmx_sumr summxE; apply: eq_bigr => j _.
  by rewrite -scalemxAr mxE odd_entry_pairs ?size_tuple.
pose d z (c : k.-tuple 'I_n) : 'cV[F]_r := \sum_y gam (c, y) *: (tt_core T y *m tt_last T z).
have d0 z c : d z c = 0.
  apply: (pairs_free U) => u; rewrite -[RHS](V0 u z) /V sum_pairV; apply: eq_bigr => c' _.
  by rewrite mulmx_sumr; apply: eq_bigr => y _; rewrite -scalemxAr !mulmxA.
pose A c : 'M[F]_r := \sum_y gam (c, y) *: tt_core T y.
have A0 c : A c = 0.
  have AL : A c *m last_mx T = 0.
    apply/matrixP => i z; rewrite [RHS]mxE.
    have dA : d z c = A c *m tt_last T z.
      by rewrite /d /A mulmx_suml; apply: eq_bigr => y _; rewrite scalemxAl.
    have := congr1 (fun v : 'cV_r => v i 0) (d0 z c); rewrite [RHS]mxE dA => <-.
    by rewrite !mxE; apply: eq_bigr => b _; rewrite mxE.
  apply/row_matrixP => i; rewrite row0; apply: (last_free rd).
  by rewrite -row_mul AL row0.
exact: (tfree_free r0 tf (c := fun y => gam (c0, y)) (A0 c0)).
Qed.

(** Any [tfree] family of [n >= r > 0] cores ([TransferSpaces.v]): rank [n ^ k] at [d = 2k + 1]. *)
Theorem tfree_rank_odd (F : fieldType) n r (M : 'I_n -> 'M[F]_r) k :
  tfree M -> (0 < r)%N -> (r <= n)%N -> (0 < k)%N ->
  \rank (oddeven_odd_mx (tfree_witness M) k) = (n ^ k)%N.
Proof.
move=> free r0 rn k0; apply: transfer_rank_odd => //.
- have -> : first_mx (tfree_witness M) = pid_mx r by apply/matrixP=> x b; rewrite !mxE.
  exact: rank_pid_mx.
- have -> : last_mx (tfree_witness M) = pid_mx r by apply/matrixP=> b x; rewrite !mxE.
  exact: rank_pid_mx.
- by apply/transfer_unitP.
Qed.

Section SeedOdd.

Variable F : fieldType.
Variables n r : nat.

Notation seed := (seed F n r).
Notation e_ s := (delta_mx 0 s : 'rV[F]_r.+1).
Notation P := (pass n r).

(** The last core [G_d(x) = [x = 0] e_P^T]: the pass state, on the letter [0] only. *)
Definition seed_odd_last (x : 'I_n) : 'cV[F]_r.+1 := ((x : nat) == 0%N)%:R *: (e_ P)^T.

Definition seed_odd : ett F n r.+1 := ETT (tt_first seed) (tt_core seed) seed_odd_last.

Hypothesis nr : (n <= r)%N.

Lemma letter_lt_q (x : 'I_n) : (x < q n r)%N.
Proof. by rewrite /q (minn_idPl nr). Qed.

(** From the pass state, the pairs [(p_j, v_j)] return to it iff [p = v] (the index lemma). *)
Lemma pass_pairs x y (p v : seq 'I_n) : size p = size v ->
  e_ P *m seed_core F r x *m mprod seed_odd (y :: interleave p v) = ((x :: p) == (y :: v))%:R *: e_ P.
Proof.
elim: p v x y => [|x' p IH] [|y' v] // x y.
  by rewrite /= mulmx1 pair_identity ?letter_lt_q // eqseq_cons eqxx andbT.
case=> /IH {}IH; rewrite /= !mulmxA pair_identity ?letter_lt_q // -!scalemxAl -!mulmxA.
by rewrite mulmxA (IH x' y') scalerA -natrM mulnb [in RHS]eqseq_cons.
Qed.

(** Rows [rcons p 0], columns [v]: the identity block [I_(n ^ k)]. *)
Lemma seed_odd_block k (x0 : 'I_n) (p v : k.+1.-tuple 'I_n) : (x0 : nat) = 0%N ->
  tt_entry seed_odd (odd_word [tuple of rcons p x0] v) = (p == v)%:R.
Proof.
move=> x00; case: p => [[|x p] //= sp]; case: v => [[|y v] //= sv].
rewrite belast_rcons last_rcons tt_entry_rcons [tt_first _ _]/= first_pass pass_pairs; last first.
  by apply/eqP; rewrite -eqSS (eqP sp) (eqP sv).
rewrite -scalemxAl /= /seed_odd_last x00 eqxx scale1r mxE pass_pass mulr1.
by rewrite -val_eqE.
Qed.

(** PROOFS.md 6.4, [n < r] (bond [r.+1], [n <= r]): rank exactly [n ^ k], every [k >= 1]. *)
Theorem seed_odd_rank k : \rank (oddeven_odd_mx seed_odd k.+1) = (n ^ k.+1)%N.
Proof.
apply/eqP; rewrite eqn_leq rank_odd_le_cols /=.
case: (posnP n) => [n0|n0].
  by apply: leq_trans (_ : n ^ k.+1 <= 0)%N _; rewrite // n0 exp0n.
rewrite /oddeven_odd_mx rank_odd_mx.
have := @rank_fmx_block F _ _ [finType of k.+1.-tuple 'I_n]
  (fun (u : k.+2.-tuple 'I_n) (v : k.+1.-tuple 'I_n) => tt_entry seed_odd (odd_word u v))
  (fun p => [tuple of rcons p (Ordinal n0)]) (fun v => v)
  (fun p v => @seed_odd_block k (Ordinal n0) p v (erefl 0%N)).
by apply: leq_trans; rewrite card_tuple card_ord.
Qed.

End SeedOdd.

Section Pad.

Variable F : fieldType.
Variables m n r : nat.

(** A train on [m] symbols, extended to [n] symbols by zero cores. *)
Definition pad_tt (T : ett F m r) : ett F n r :=
  ETT (fun x : 'I_n => oapp (tt_first T) 0 (insub (x : nat)))
      (fun x : 'I_n => oapp (tt_core T) 0 (insub (x : nat)))
      (fun x : 'I_n => oapp (tt_last T) 0 (insub (x : nat))).

(** Trains whose cores agree along [f] agree on the words mapped by [f]. *)
Lemma tt_entry_map (T : ett F n r) (T' : ett F m r) (f : 'I_m -> 'I_n) :
  (forall x, tt_first T (f x) = tt_first T' x) -> (forall x, tt_core T (f x) = tt_core T' x) ->
  (forall x, tt_last T (f x) = tt_last T' x) -> forall w, tt_entry T (map f w) = tt_entry T' w.
Proof.
move=> eF eM eL [|x s] //=.
have mE (s' : seq 'I_m) : mprod T (map f s') = mprod T' s'.
  by elim: s' => [|y s' IH] //=; rewrite eM IH.
by rewrite belast_map behead_map last_map mE eF eL.
Qed.

Hypothesis mn : (m <= n)%N.

Notation wid := (widen_ord mn).

Lemma pad_entry (T : ett F m r) w : tt_entry (pad_tt T) (map wid w) = tt_entry T w.
Proof. by apply: tt_entry_map => x; rewrite /= valK. Qed.

(** The padded train's matricization contains the original one. *)
Theorem pad_rank_odd (T : ett F m r) k :
  (\rank (oddeven_odd_mx T k) <= \rank (oddeven_odd_mx (pad_tt T) k))%N.
Proof.
rewrite /oddeven_odd_mx !rank_odd_mx.
have -> : fmx (fun (u : k.+1.-tuple 'I_m) (v : k.-tuple 'I_m) => tt_entry T (odd_word u v)) =
    fmx (fun u v => (fun (u' : k.+1.-tuple 'I_n) (v' : k.-tuple 'I_n) =>
      tt_entry (pad_tt T) (odd_word u' v')) (map_tuple wid u) (map_tuple wid v)).
  by apply/matrixP => i j; rewrite !mxE /= -map_odd_word pad_entry.
exact: rank_fmx_sub.
Qed.

End Pad.

(** PROOFS.md 6.4, [d = 2k + 1], equal cores, real fields: for every [n, r, k >= 1] some train
    has odd/even rank exactly [min(n, r ^ 2) ^ k] -- with [mincut_bound_odd], the maximum. *)
Theorem generic_rank_witness_odd (F : realFieldType) n r k : (0 < n)%N -> (0 < r)%N -> (0 < k)%N ->
  exists T : ett F n r, \rank (oddeven_odd_mx T k) = (minn n (r * r) ^ k)%N.
Proof.
move=> n0 r0 k0.
suff [T lo] : exists T : ett F n r, (minn n (r * r) ^ k <= \rank (oddeven_odd_mx T k))%N.
  by exists T; apply/eqP; rewrite eqn_leq mincut_bound_odd.
have [nr|rn] := ltnP n r.
  case: r r0 nr => // r' _ nr; case: k k0 => // k _; exists (seed_odd F n r').
  rewrite seed_odd_rank // (minn_idPl _) //.
  by apply: leq_trans (ltnW nr) _; rewrite leq_pmulr.
pose m := minn n (r * r).
have m0 : (0 < m)%N by rewrite leq_min n0 muln_gt0 r0.
have [M [tM _]] := reach_tfree F (reach_all m0 (geq_minr n (r * r))).
have rm : (r <= m)%N by rewrite leq_min rn leq_pmulr.
exists (pad_tt n (tfree_witness M)).
by rewrite -(tfree_rank_odd tM r0 rm k0) pad_rank_odd // geq_minl.
Qed.

(** The sharing argument at [d = 2k + 1], [k >= 1], for one field (as [sharing_of_witness]). *)
Lemma sharing_of_witness_odd (F : fieldType) n r k : (0 < k)%N ->
  ((0 < n)%N -> (0 < r)%N -> exists T : ett F n r,
     \rank (oddeven_odd_mx T k) = (minn n (r * r) ^ k)%N) ->
  (forall T : ett F n r, exists D : dtt F n r,
     \rank (dt_oddeven_odd_mx D k) = \rank (oddeven_odd_mx T k)) /\
  (exists T : ett F n r, forall D : dtt F n r,
     (\rank (dt_oddeven_odd_mx D k) <= \rank (oddeven_odd_mx T k))%N).
Proof.
move=> k0 wit; split=> [T|]; first by exists (dtt_of_ett T); rewrite dt_oddeven_odd_ett.
have [/andP [n0 r0]|] := boolP ((0 < n) && (0 < r))%N.
  have [T eT] := wit n0 r0.
  by exists T => D; rewrite eT; exact: mincut_bound_odd_dt.
rewrite negb_and -!eqn0Ngt => nr0.
exists (ETT (fun _ : 'I_n => 0 : 'rV[F]_r) (fun _ => 0) (fun _ => 0)) => D.
apply: leq_trans (mincut_bound_odd_dt D k) _.
suff -> : (minn n (r * r) ^ k = 0)%N by [].
by case/orP: nr0 => /eqP ->; rewrite ?min0n ?mul0n ?minn0 exp0n.
Qed.

(** PROOFS.md 6.4, [d = 2k + 1]: sharing the internal core loses nothing for the odd/even rank:
    the maximum over different-core trains equals the maximum over equal-core trains. *)
Theorem sharing_loses_nothing_odd (F : realFieldType) n r k : (0 < k)%N ->
  (forall T : ett F n r, exists D : dtt F n r,
     \rank (dt_oddeven_odd_mx D k) = \rank (oddeven_odd_mx T k)) /\
  (exists T : ett F n r, forall D : dtt F n r,
     (\rank (dt_oddeven_odd_mx D k) <= \rank (oddeven_odd_mx T k))%N).
Proof.
by move=> k0; apply: sharing_of_witness_odd => // n0 r0; exact: generic_rank_witness_odd.
Qed.
