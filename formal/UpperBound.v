(** * PROOFS.md 6.2: the min-cut upper bound, even [d = 2k]

    For every tensor train [T : ett F n r] (any field, any [n], [r]) and every [k] the odd/even
    matricization has rank at most [min(n ^ k, r * n ^ (k - 1), r ^ (2k - 1))] ([mincut_bound]),
    three cuts of the train:
    - [rank_le_rows]: it has [n ^ k] rows;
    - [rank_le_first_cut] (core 1 moved to the column side, one bond cut): with rows [x :: u] and
      columns [rcons c z] ([rank_oddeven_split]) the entry is [G_1(x) pairs(u, c) G_d(z)]
      ([oe_tail_pairs]), the sum over [(c', beta)] of [(G_1(x) pairs(u, c'))[beta]] times
      [[c' = c] G_d(z)[beta]]: a product through an inner index of size [n ^ (k - 1) * r];
    - [rank_le_bonds] (each core on its mode's side, all [2k - 1] bonds cut): with rows
      [x :: u] ([u = (u_1, ..., u_(k-1))]) and columns [(y_1, ..., y_k)] the entry is a sum
      over the bond values [(beta_0, [(p_1, q_1); ...; (p_(k-1), q_(k-1))])] ([oe_tail_bonds],
      by induction) of [G_1(x)[beta_0] M_(u_1)[p_1, q_1] ... M_(u_(k-1))[p_(k-1), q_(k-1)]]
      ([row_factor], the odd letters) times
      [M_(y_1)[beta_0, p_1] M_(y_2)[q_1, p_2] ... G_d(y_k)[q_(k-1)]] ([col_factor], the even
      letters): an inner index of size [r * (r * r) ^ (k - 1) = r ^ (2k - 1)].
    [rank_fmx_prod]: a product through an inner index [K] has rank at most [#|K|].  For [k = 0]
    the matrix is the [1 x 1] zero matrix ([tt_entry [::] = 0]).

    Where the bound is attained: the copy witness ([copy_rank], [r * r <= n]) has rank exactly
    [r ^ (2k - 1)], the min-cut value ([copy_rank_mincut]); a train satisfying the transfer
    lemma's hypotheses ([transfer_rank_eq]) has rank exactly the min-cut value
    [r * n ^ (k - 1)] ([transfer_rank_mincut]). *)

From mathcomp Require Import all_ssreflect all_algebra.
From TTExpr Require Import Matricization TensorTrain CopyWitness Transfer.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

(** A product through an inner index [K] has rank at most [#|K|]. *)
Lemma rank_fmx_prod (F : fieldType) (I J K : finType) (f : I -> J -> F) (a : I -> K -> F)
    (b : K -> J -> F) :
  (forall i j, f i j = \sum_k a i k * b k j) -> (\rank (fmx f) <= #|K|)%N.
Proof.
move=> fE; have -> : fmx f = fmx a *m fmx b.
  apply/matrixP=> i j; rewrite !mxE fE (reindex (fun x : 'I_#|K| => enum_val x)) /=; last first.
    by exists (@enum_rank K) => x _; rewrite ?enum_rankK ?enum_valK.
  by apply: eq_bigr => x _; rewrite !mxE.
exact: leq_trans (mxrankM_maxl _ _) (rank_leq_col _).
Qed.

Section UpperBound.

Variable F : fieldType.
Variables n r : nat.
Variable T : ett F n r.

Notation M := (tt_core T).

(** [k = 0]: the zero matrix. *)
Lemma rank_oddeven0 : \rank (oddeven T 0) = 0%N.
Proof.
apply/eqP; rewrite -leqn0.
apply: (@rank_fmx_sum _ _ _ 0 (fun _ _ => 0) (fun _ _ => 0)) => -[[|? ?] //] v.
by rewrite big_ord0.
Qed.

(** The rows. *)
Theorem rank_le_rows k : (\rank (oddeven_mx T k) <= n ^ k)%N.
Proof. exact: rank_leq_row. Qed.

(** Core 1 on the column side: one bond cut. *)
Theorem rank_le_first_cut k : (\rank (oddeven_mx T k) <= r * n ^ k.-1)%N.
Proof.
rewrite rank_oddeven_mx; case: k => [|k] /=; first by rewrite rank_oddeven0.
rewrite rank_oddeven_split.
have -> : (r * n ^ k = #|{: k.-tuple 'I_n * 'I_r}|)%N.
  by rewrite card_prod card_tuple !card_ord mulnC.
apply: (@rank_fmx_prod _ _ _ _ _
  (fun (p : 'I_n * k.-tuple 'I_n) (q : k.-tuple 'I_n * 'I_r) =>
     (tt_first T p.1 *m pairs T p.2 q.1) 0 q.2)
  (fun (q : k.-tuple 'I_n * 'I_r) (q' : k.-tuple 'I_n * 'I_n) =>
     (q.1 == q'.1)%:R * tt_last T q'.2 q.2 0)).
exact: oddeven_split_entry.
Qed.

(** The odd letters' factor: [M_(u_1)[p_1, q_1] ... M_(u_j)[p_j, q_j]]. *)
Fixpoint row_factor (u : seq 'I_n) (t : seq ('I_r * 'I_r)) : F :=
  match u, t with
  | x :: u', (p, q) :: t' => M x p q * row_factor u' t'
  | _, _ => 1
  end.

(** The even letters' factor: [M_y[s, p_1] M_(y_2)[q_1, p_2] ... G_d(y_(j+1))[q_j]]. *)
Fixpoint col_factor (s : 'I_r) (t : seq ('I_r * 'I_r)) (y : 'I_n) (v : seq 'I_n) : F :=
  match t, v with
  | (p, q) :: t', y' :: v' => M y s p * col_factor q t' y' v'
  | _, _ => tt_last T y s 0
  end.

(** The tail of the product as a sum over the bond values. *)
Lemma oe_tail_bonds k (u v : seq 'I_n) (y : 'I_n) (s : 'I_r) :
  size u = k -> size v = k ->
  oe_tail T y u v s 0 =
  \sum_(t : k.-tuple ('I_r * 'I_r)) row_factor u t * col_factor s t y v.
Proof.
elim: k u v y s => [|k IH] [|x u] [|y' v] //= y s.
  move=> _ _; rewrite (big_pred1 [tuple]) /= ?mul1r // => t.
  by apply/esym/eqP; apply: val_inj; case: t => [[]].
case=> su [sv]; rewrite sum_tuple_cons sum_pair /= -mulmxA mxE.
apply: eq_bigr => p _; rewrite mxE mulr_sumr; apply: eq_bigr => q _.
rewrite (IH u v y' q su sv) !mulr_sumr; apply: eq_bigr => t _ /=.
by rewrite [LHS]mulrCA -[RHS]mulrA; congr (_ * _); exact: mulrCA.
Qed.

(** Each core on its mode's side: all [2k - 1] bonds cut. *)
Theorem rank_le_bonds k : (\rank (oddeven_mx T k) <= r ^ (k.*2).-1)%N.
Proof.
rewrite rank_oddeven_mx; case: k => [|k] /=; first by rewrite rank_oddeven0.
have -> : (r ^ (k.+1).*2.-1 = #|{: 'I_r * k.-tuple ('I_r * 'I_r)}|)%N.
  by rewrite card_prod card_tuple card_prod card_ord doubleS /= expnS -mul2n expnM mulnn.
apply: (@rank_fmx_prod _ _ _ _ _
  (fun (u : k.+1.-tuple 'I_n) (i : 'I_r * k.-tuple ('I_r * 'I_r)) =>
     if val u is x :: u' then tt_first T x 0 i.1 * row_factor u' i.2 else 0)
  (fun (i : 'I_r * k.-tuple ('I_r * 'I_r)) (v : k.+1.-tuple 'I_n) =>
     if val v is y :: v' then col_factor i.1 i.2 y v' else 0)).
move=> [[|x u] //= su] [[|y v] //= sv]; move: su sv; rewrite !eqSS => /eqP su /eqP sv.
rewrite -[LHS]/(tt_entry T [:: x, y & interleave u v]).
have -> : tt_entry T [:: x, y & interleave u v] = _ := tt_entry_interleave T x y u v.
rewrite mxE sum_pair; apply: eq_bigr => s _ /=.
rewrite (oe_tail_bonds _ _ su sv) mulr_sumr.
by apply: eq_bigr => t _; rewrite mulrA.
Qed.

(** The min-cut value of PROOFS.md 6.2, [d = 2k]. *)
Theorem mincut_bound k :
  (\rank (oddeven_mx T k) <= minn (n ^ k) (minn (r * n ^ k.-1) (r ^ (k.*2).-1)))%N.
Proof. by rewrite !leq_min rank_le_rows rank_le_first_cut rank_le_bonds. Qed.

End UpperBound.

(** The copy witness attains the min-cut value: [r ^ (2k - 1)] when [r * r <= n]. *)
Theorem copy_rank_mincut (F : fieldType) n r k : (r * r <= n)%N -> (0 < k)%N ->
  \rank (oddeven_mx (copy_tt F n r) k) = (r ^ (k.*2).-1)%N /\
  \rank (oddeven_mx (copy_tt F n r) k) = (minn (n ^ k) (minn (r * n ^ k.-1) (r ^ (k.*2).-1)))%N.
Proof.
move=> rrn k0; have lo := copy_rank F rrn k0; have hi := mincut_bound (copy_tt F n r) k.
have mr : (minn (n ^ k) (minn (r * n ^ k.-1) (r ^ (k.*2).-1)) <= r ^ (k.*2).-1)%N.
  by rewrite !geq_min leqnn !orbT.
have e1 : \rank (oddeven_mx (copy_tt F n r) k) = (r ^ (k.*2).-1)%N.
  by apply/eqP; rewrite eqn_leq lo (leq_trans hi mr).
split=> //; apply/eqP; rewrite eqn_leq hi /=.
by apply: leq_trans mr _; rewrite e1.
Qed.

(** A train with the transfer lemma's hypotheses attains the min-cut value [r * n ^ (k - 1)]. *)
Theorem transfer_rank_mincut (F : fieldType) n r (T : ett F n r) k :
  \rank (first_mx T) = r -> \rank (last_mx T) = r -> transfer_mx T \in unitmx -> (0 < k)%N ->
  \rank (oddeven_mx T k) = (minn (n ^ k) (minn (r * n ^ k.-1) (r ^ (k.*2).-1)))%N.
Proof.
move=> r1 rd U k0; apply/eqP; rewrite eqn_leq mincut_bound /=.
rewrite (transfer_rank_eq r1 rd U k0).
by rewrite !geq_min leqnn orbT.
Qed.
