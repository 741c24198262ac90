(** * PROOFS.md 6.1: the seed's witness has odd/even rank exactly [min(n, r) ^ k]

    Bond dimension [r.+1] as in [SeedWitness].  When [n <= r] the identity block already has the
    side [n ^ k].  When [r.+1 <= n], [q = r]: the pass state [P = r] is also a letter.  On words
    over [[r.+1]] the first core is the pass row and the last the pass column, so the entry is
    [e_P G(u_1) G(v_1) ... G(u_k) G(v_k) e_P^T] ([entry_Y]).  Reading the first pair: a data
    letter [x <> P] gives [[x = y] e_P] ([data_row]); the pass letter gives [e_y] ([pass_row]).
    In block form the matrix is block upper triangular with copies of the [k - 1] matrix on the
    diagonal; as a statement about row relations ([Y_free], by induction on [k]): a relation
    among the rows restricted to the block column [y = P] is a relation of the [k - 1] matrix, so
    the rows starting with [P] carry no weight; then each block column [y <> P] isolates the rows
    starting with [y].  Outside the words over [[r.+1]] every entry is zero ([entry_outside]).
    Hence rank [= (r.+1) ^ k] ([strong_bound]). *)

From mathcomp Require Import all_ssreflect all_algebra.
From TTExpr Require Import Matricization TensorTrain SeedWitness.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section StrongBound.

Variable F : fieldType.
Variables n r : nat.

Notation seed := (@seed F n r).
Notation e_ s := (delta_mx 0 s : 'rV[F]_r.+1).
Notation M := (tt_core seed).

(** With the last letter at most [q], the tail is a product ending on the pass column. *)
Lemma oe_tail_pass (y : 'I_n) (u v : seq 'I_n) : size u = size v ->
  all (fun z : 'I_n => z <= q n r)%N (y :: v) ->
  oe_tail seed y u v = mprod seed (y :: interleave u v) *m (e_ (pass n r))^T.
Proof.
elim: u v y => [|x u IH] [|y' v] //= y; first by move=> _ /andP [yq _]; rewrite mulmx1 last_pass.
by case=> /IH {}IH /andP [yq vq]; rewrite IH //= !mulmxA.
Qed.

Lemma entry_pass (x y : 'I_n) (u v : seq 'I_n) : size u = size v ->
  all (fun z : 'I_n => z <= q n r)%N (y :: v) ->
  tt_entry seed (interleave (x :: u) (y :: v)) =
  (e_ (pass n r) *m mprod seed (interleave (x :: u) (y :: v)) *m (e_ (pass n r))^T) 0 0.
Proof.
by move=> suv vq; rewrite tt_entry_interleave /= first_pass oe_tail_pass //= !mulmxA.
Qed.

(** Letters beyond the bond dimension kill every core. *)
Lemma core_outside (z : 'I_n) : (r.+1 <= z)%N -> seed_core F r z = 0.
Proof.
move=> rz; apply/matrixP=> a b; rewrite !mxE /=.
case: ifP => [aq|_]; last case: ifP => // _.
  suff -> : (a == z :> nat) = false by [].
  by apply/negbTE; rewrite neq_ltn (leq_trans (ltn_ord a) rz).
suff -> : (z == b :> nat) = false by [].
by apply/negbTE; rewrite neq_ltn (leq_trans (ltn_ord b) rz) orbT.
Qed.

Lemma first_outside (z : 'I_n) : (r.+1 <= z)%N -> tt_first seed z = 0.
Proof. by move=> rz; rewrite /= first_pass core_outside // mulmx0. Qed.

Lemma oe_tail_outside (y : 'I_n) (u v : seq 'I_n) : size u = size v ->
  ~~ all (fun z : 'I_n => z < r.+1)%N u -> oe_tail seed y u v = 0.
Proof.
elim: u v y => [|x u IH] [|y' v] //= y [/IH {}IH]; rewrite negb_and => /orP [xr|/IH ->].
  by rewrite (core_outside (z := x)) ?mulmx0 ?mul0mx // leqNgt.
by rewrite mulmx0.
Qed.

Lemma entry_outside k (u v : k.+1.-tuple 'I_n) :
  ~~ all (fun z : 'I_n => z < r.+1)%N u -> tt_entry seed (interleave u v) = 0.
Proof.
case: u => [[|x u] su] //; case: v => [[|y v] sv] //= bad.
transitivity ((tt_first seed x *m oe_tail seed y u v) 0 0).
  exact: (tt_entry_interleave seed x y).
have szuv : size u = size v by move: su sv => /eqP [->] /eqP [->].
move: bad; rewrite negb_and => /orP [xr|ur].
  by rewrite first_outside ?mul0mx ?mxE // leqNgt.
by rewrite oe_tail_outside ?mulmx0 ?mxE.
Qed.

Section Large.

Hypothesis rn : (r.+1 <= n)%N.

Lemma q_eq : q n r = r.
Proof. by rewrite /q (minn_idPr (ltnW rn)). Qed.

Definition to_n' : 'I_r.+1 -> 'I_n := widen_ord rn.

Definition P' : 'I_r.+1 := pass n r.

Lemma P'_val : (P' : nat) = r.
Proof. by rewrite /= q_eq. Qed.

Definition Y k (s : 'I_r.+1) (u v : k.-tuple 'I_r.+1) : F :=
  (e_ s *m mprod seed (interleave (map to_n' u) (map to_n' v)) *m (e_ P')^T) 0 0.

Lemma Y_cons k (x y : 'I_r.+1) (u v : k.-tuple 'I_r.+1) :
  Y P' [tuple of x :: u] [tuple of y :: v] =
  if x == P' then Y y u v else (x == y)%:R * Y P' u v.
Proof.
rewrite /Y /= !mulmxA (@pass_row F n r (to_n' x) (ltn_ord x)).
have -> : Ordinal (ltn_ord x : (to_n' x < r.+1)%N) = x by apply: val_inj.
case: eqP => [->|/eqP xP].
  by rewrite (@pass_row F n r (to_n' y) (ltn_ord y)); congr ((e_ _ *m _ *m _) 0 0); apply: val_inj.
have xq : (x < q n r)%N.
  rewrite q_eq; have := ltn_ord x; rewrite ltnS leq_eqVlt => /orP [/eqP xr|//].
  by move: xP; rewrite -val_eqE /= xr q_eq eqxx.
by rewrite (@data_row F n r x (to_n' y) xq) -!scalemxAl mxE; congr (_%:R * _); rewrite -val_eqE.
Qed.

Lemma Y_nil (s : 'I_r.+1) : Y s [tuple] [tuple] = (s == P')%:R.
Proof.
by rewrite /Y /= mulmx1 trmx_delta mul_delta_mx_cond mulmxnE mxE !eqxx.
Qed.

(** No nonzero relation among the rows of the matrix [(u, v) |-> Y P' u v]. *)
Lemma Y_free k (c : k.-tuple 'I_r.+1 -> F) :
  (forall v, \sum_u c u * Y P' u v = 0) -> forall u, c u = 0.
Proof.
elim: k c => [|k IH] c rel u.
  have t0 (t : 0.-tuple 'I_r.+1) : t = [tuple] by apply: val_inj; case: t => [[]].
  have := rel [tuple]; rewrite (big_pred1 [tuple]) => [|t]; last by apply/esym/eqP; exact: t0.
  by rewrite Y_nil eqxx mulr1 (t0 u).
have relk (y : 'I_r.+1) (v : k.-tuple 'I_r.+1) :
    \sum_(u' : k.-tuple 'I_r.+1) c [tuple of P' :: u'] * Y y u' v
    + (\sum_(u' : k.-tuple 'I_r.+1) c [tuple of y :: u'] * Y P' u' v) *+ (y != P') = 0.
  have := rel [tuple of y :: v]; rewrite sum_tuple_cons (bigD1 P') //= => E.
  rewrite -[RHS]E; congr (_ + _).
    by apply: eq_bigr => u' _; rewrite Y_cons eqxx.
  have [->|yP] := eqVneq y P'.
    rewrite /= mulr0n big1 // => x xP; rewrite big1 // => u' _; rewrite Y_cons (negbTE xP).
    by rewrite mul0r mulr0.
  rewrite /= mulr1n (bigD1 y) //= [X in _ + X]big1 ?addr0; last first.
    move=> x /andP [xP xy]; rewrite big1 // => u' _.
    by rewrite Y_cons (negbTE xP) (negbTE xy) mul0r mulr0.
  by apply: eq_bigr => u' _; rewrite Y_cons (negbTE yP) eqxx mul1r.
have cP (u' : k.-tuple 'I_r.+1) : c [tuple of P' :: u'] = 0.
  by apply: (IH (fun u' => c [tuple of P' :: u'])) => v; have := relk P' v; rewrite eqxx mulr0n addr0.
have cy (y : 'I_r.+1) (u' : k.-tuple 'I_r.+1) : c [tuple of y :: u'] = 0.
  have [->|yP] := eqVneq y P'; first exact: cP.
  apply: (IH (fun u' => c [tuple of y :: u'])) => v; have := relk y v.
  by rewrite big1 ?add0r ?yP ?mulr1n // => u'' _; rewrite cP mul0r.
by rewrite [u]tuple_eta; exact: cy.
Qed.

Lemma entry_Y k (u v : k.+1.-tuple 'I_r.+1) :
  tt_entry seed (interleave (map_tuple to_n' u) (map_tuple to_n' v)) = Y P' u v.
Proof.
case: u => [[|x u] su] //; case: v => [[|y v] sv] //.
have szuv : size u = size v by move: su sv => /eqP [->] /eqP [->].
have allq : all (fun z : 'I_n => z <= q n r)%N (map to_n' (y :: v)).
  by apply/allP=> z /mapP [z' _ ->]; rewrite /= q_eq -ltnS ltn_ord.
by rewrite [LHS](@entry_pass (to_n' x) (to_n' y) (map to_n' u) (map to_n' v)) ?size_map.
Qed.

End Large.

(** PROOFS.md 6.1, every [k >= 1]: rank exactly [min(n, r.+1) ^ k] (bond dimension [r.+1]). *)
Theorem strong_bound k : \rank (oddeven_mx seed k.+1) = (minn n r.+1 ^ k.+1)%N.
Proof.
have [nr|rn] := leqP n r.
  rewrite (minn_idPl (leq_trans nr (leqnSn r))); apply/eqP; rewrite eqn_leq.
  have := seed_rank F n r k; rewrite /q (minn_idPl nr) => ->; rewrite andbT.
  by have := rank_leq_row (oddeven_mx seed k.+1).
rewrite (minn_idPr rn) rank_oddeven_mx; apply/eqP; rewrite eqn_leq; apply/andP; split.
  pose S := [set u : k.+1.-tuple 'I_n | all (fun z : 'I_n => z < r.+1)%N u].
  apply: leq_trans (rank_fmx_support (P := S) _) _ => [u v|].
    by rewrite inE => /entry_outside ->.
  have -> : S = [set map_tuple (to_n' rn) t | t : k.+1.-tuple 'I_r.+1].
    apply/setP=> u; rewrite inE; apply/idP/imsetP => [/allP uS|[t _ ->]].
      exists [tuple of map (fun z : 'I_n => (inord z : 'I_r.+1)) u] => //; apply: eq_from_tnth => i.
      rewrite !tnth_map; apply: val_inj; rewrite /= inordK //; exact: uS (mem_tnth i u).
    by rewrite all_map; apply/allP=> z _ /=; exact: ltn_ord.
  rewrite card_imset; first by rewrite card_tuple card_ord.
  have inj : injective (to_n' rn) by move=> a b /(congr1 val) /= e; exact: val_inj.
  by move=> a b /(congr1 val) /= /(inj_map inj) e; exact: val_inj.
have := rank_fmx_sub (fun u v : k.+1.-tuple 'I_n => tt_entry seed (interleave u v))
  (fun u => map_tuple (to_n' rn) u) (fun v => map_tuple (to_n' rn) v).
rewrite (rank_fmx_free (f := fun u v => tt_entry seed (interleave (map_tuple (to_n' rn) u) (map_tuple (to_n' rn) v)))).
  by rewrite card_tuple card_ord.
move=> c rel u; apply: (@Y_free rn _ c) => v; apply: etrans (rel v).
by apply: eq_bigr => u' _; rewrite (entry_Y rn).
Qed.

End StrongBound.
