(** * PROOFS.md 6.3: families of cores with an invertible two-step transfer matrix

    [tfree M] is the kernel condition of [transfer_unitP] for a family [M : I -> 'M_r]: no nonzero
    [d : I -> 'cV_r] has [\sum_x M_x M_y d_x = 0] for every [y].  It is invariant under a
    bijection of the index ([tfree_bij], [tfree_ord]), and any [tfree] family of [n >= r] cores
    gives the transfer lemma's rank [r * n ^ (k - 1)] ([tfree_rank]: [G_1 = [I_r; 0]],
    [G_d = [I_r, 0]]).  The lemmas of PROOFS 6.3 in this form:
    - unit ([tfree_unit]): one invertible matrix;
    - full ([tfree_full]): the matrix units [E_ab] (the copy witness's cores);
    - star ([star_tfree], real field): on the coordinates [0 | 1..r], [E_00] (optional),
      [E_0b + E_b0] and [W] placed on [1..r], where [W] is [tfree] and linearly independent.  The
      paper's tensor argument written on the family: the [W]-block of [d] vanishes since [W] is
      [tfree]; with [Z[b, c]] the [c]-th entry of the [(0b)]-member's lower block, the equations
      give [Z = - \sum_i w_i W_i] and [<W_j, Z> = 0] for every [j], so [<Z, Z> = 0] and [Z = 0]
      (a sum of squares), then [w = 0] (independence) and the remaining scalars vanish;
    - direct sum ([tfree_dsum]): block-diagonal [A_x (+) B_x].
    [reach r m]: the pairs these lemmas reach; [reach_rank]: the transfer lemma's rank for every
    reachable [(r, n)] with [n >= r]. *)

From mathcomp Require Import all_ssreflect all_algebra.
From TTExpr Require Import Matricization TensorTrain Transfer.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory Num.Theory.
Local Open Scope ring_scope.

Lemma sum_pairV (V : zmodType) (A B : finType) (f : A * B -> V) :
  \sum_p f p = \sum_a \sum_b f (a, b).
Proof. by rewrite pair_bigA; apply: eq_bigr => -[]. Qed.

Section Free.

Variable F : fieldType.

(** The kernel condition of [transfer_unitP], for a family indexed by any finite type. *)
Definition tfree r (I : finType) (M : I -> 'M[F]_r) :=
  forall d : I -> 'cV[F]_r, (forall y, \sum_x M x *m M y *m d x = 0) -> forall x, d x = 0.

(** Invariance under a bijection of the index. *)
Lemma tfree_bij r (I J : finType) (f : J -> I) (M : I -> 'M[F]_r) :
  bijective f -> tfree M -> tfree (fun j => M (f j)).
Proof.
case=> g fg gf free d rel j.
have := free (fun i => d (g i)) _ (f j); rewrite fg; apply=> i.
have := rel (g i); rewrite gf => E; apply: etrans E.
by rewrite (reindex f) /=; [apply: eq_bigr => x _; rewrite fg | exists g => x _].
Qed.

(** A family on a finite type of [n] elements, moved to ['I_n]. *)
Lemma tfree_ord r (I : finType) n (e : #|I| = n) (M : I -> 'M[F]_r) :
  tfree M -> tfree (fun i : 'I_n => M (enum_val (cast_ord (esym e) i))).
Proof.
apply: (tfree_bij (f := fun i : 'I_n => enum_val (cast_ord (esym e) i))).
exists (fun x => cast_ord e (enum_rank x)) => i; first by rewrite enum_valK cast_ordKV.
by rewrite cast_ordK enum_rankK.
Qed.

(** The empty family. *)
Lemma tfree0 r (M : 'I_0 -> 'M[F]_r) : tfree M.
Proof. by move=> d _ []. Qed.

(** A [tfree] family of [r x r] matrices with [r > 0] is linearly independent. *)
Lemma tfree_free r (I : finType) (M : I -> 'M[F]_r) : (0 < r)%N -> tfree M ->
  forall c : I -> F, \sum_x c x *: M x = 0 -> forall x, c x = 0.
Proof.
move=> r0 free c rel x; pose v : 'cV[F]_r := const_mx 1.
have R y : \sum_x M x *m M y *m (c x *: v) = 0.
  have -> : \sum_x M x *m M y *m (c x *: v) = (\sum_x c x *: M x) *m M y *m v.
    by rewrite !mulmx_suml; apply: eq_bigr => x' _; rewrite -!scalemxAl -scalemxAr.
  by rewrite rel !mul0mx.
have := congr1 (fun w : 'cV_r => w (Ordinal r0) 0) (free (fun x => c x *: v) R x).
by rewrite !mxE mulr1.
Qed.

(** Unit: one invertible matrix. *)
Lemma tfree_unit r (K : 'M[F]_r) : K \in unitmx -> tfree (fun _ : 'I_1 => K).
Proof.
move=> U d rel x; have := rel x; rewrite big_ord1 (ord1 x) => E.
have -> : d ord0 = invmx K *m (invmx K *m (K *m (K *m d ord0))) by rewrite !mulKmx.
by rewrite [K *m (K *m _)]mulmxA E !mulmx0.
Qed.

(** Full: the matrix units [E_ab] (the copy witness). *)
Lemma tfree_full r : tfree (fun p : 'I_r * 'I_r => delta_mx p.1 p.2 : 'M[F]_r).
Proof.
move=> d rel [a c]; apply/colP=> e; rewrite mxE.
have := congr1 (fun w : 'cV_r => w a 0) (rel (c, e)); rewrite sum_pairV /=.
rewrite (eq_bigr (fun a' => delta_mx a' e *m d (a', c))) => [|a' _]; last first.
  rewrite (bigD1 c) //= big1 ?addr0 => [|b ne]; last first.
    by rewrite mul_delta_mx_cond (negbTE ne) mulr0n mul0mx.
  by rewrite mul_delta_mx_cond eqxx mulr1n.
rewrite summxE (bigD1 a) //= big1 ?addr0 => [|a' ne]; last first.
  by rewrite mxE big1 // => j _; rewrite mxE eq_sym (negbTE ne) mul0r.
rewrite mxE (bigD1 e) //= big1 ?addr0 => [|j ne]; last by rewrite mxE eqxx (negbTE ne) mul0r.
by rewrite !mxE !eqxx mul1r.
Qed.

End Free.

(** Any [tfree] family of [n >= r] cores gives a tensor train whose odd/even matricization has
    rank [r * n ^ (k - 1)]: [G_1 = [I_r; 0]], [G_d = [I_r, 0]] (the first [r] symbols carry the
    unit vectors), internal slices [M]. *)
Definition tfree_witness (F : fieldType) n r (M : 'I_n -> 'M[F]_r) : ett F n r :=
  ETT (fun x => row x (pid_mx r : 'M[F]_(n, r))) M (fun x => col x (pid_mx r : 'M[F]_(r, n))).

Theorem tfree_rank (F : fieldType) n r (M : 'I_n -> 'M[F]_r) k :
  tfree M -> (r <= n)%N -> (0 < k)%N ->
  \rank (oddeven_mx (tfree_witness M) k) = (r * n ^ k.-1)%N.
Proof.
move=> free rn k0; apply: transfer_rank_eq => //.
- have -> : first_mx (tfree_witness M) = pid_mx r by apply/matrixP=> x b; rewrite !mxE.
  exact: rank_pid_mx.
- have -> : last_mx (tfree_witness M) = pid_mx r by apply/matrixP=> b x; rewrite !mxE.
  exact: rank_pid_mx.
- by apply/transfer_unitP.
Qed.

Section Star.

Variable F : realFieldType.

Lemma sum_col_mx (I : finType) m1 m2 n (A : I -> 'M[F]_(m1, n)) (B : I -> 'M[F]_(m2, n)) :
  \sum_i col_mx (A i) (B i) = col_mx (\sum_i A i) (\sum_i B i).
Proof. by elim/big_rec3: _ => [|i x y z _ ->]; rewrite ?col_mx0 // add_col_mx. Qed.

Lemma delta_mulE m n (b' : 'I_m) (c : 'I_n) (v : 'cV[F]_n) b :
  (delta_mx b' c *m v) b 0 = (b == b')%:R * v c 0.
Proof.
rewrite mxE (bigD1 c) //= big1 ?addr0 => [|j ne]; last by rewrite mxE (negbTE ne) andbF mul0r.
by rewrite mxE eqxx andbT.
Qed.

Lemma mul_deltaE m n (A : 'M[F]_(m, n)) (c : 'I_n) (t : 'cV[F]_1) b :
  (A *m delta_mx c 0 *m t) b 0 = A b c * t 0 0.
Proof. by rewrite -colE mxE big_ord1 mxE. Qed.

Lemma delta_rowE m n (A : 'M[F]_(m, n)) (b : 'I_m) (v : 'cV[F]_n) :
  ((delta_mx 0 b : 'M[F]_(1, m)) *m A *m v) 0 0 = \sum_c A b c * v c 0.
Proof. by rewrite -rowE mxE; apply: eq_bigr => c _; rewrite mxE. Qed.

Variables (r u : nat) (J : finType) (W : J -> 'M[F]_r).

(** [Star({0}) (+) W] on the coordinates [0 | 1..r]: [E_00] (when [u = 1]; none when [u = 0]),
    the symmetric [E_0b + E_b0] ([b] in [1..r]) and [W] on [1..r]. *)
Definition star_core (i : ('I_u + 'I_r) + J) : 'M[F]_(1 + r) :=
  match i with
  | inl (inl _) => block_mx 1 0 0 0
  | inl (inr b) => block_mx 0 (delta_mx 0 b) (delta_mx b 0) 0
  | inr j => block_mx 0 0 0 (W j)
  end.

Notation row0 b := (delta_mx 0 b : 'M[F]_(1, r)).

Hypothesis u1 : (u <= 1)%N.
Hypothesis Wtf : tfree W.
Hypothesis Wfree : forall c : J -> F, \sum_j c j *: W j = 0 -> forall j, c j = 0.

Definition star_prod (x y : ('I_u + 'I_r) + J) (t : 'cV[F]_1) (v : 'cV[F]_r) : 'cV[F]_(1 + r) :=
  match x, y with
  | inl (inl _), inl (inl _) => col_mx t 0
  | inl (inr b), inl (inl _) => col_mx 0 (delta_mx b 0 *m t)
  | inl (inl _), inl (inr c) => col_mx (row0 c *m v) 0
  | inl (inr b), inl (inr c) =>
      col_mx (row0 b *m delta_mx c 0 *m t) (delta_mx b 0 *m row0 c *m v)
  | inr i, inl (inr c) => col_mx 0 (W i *m delta_mx c 0 *m t)
  | inl (inr b), inr j => col_mx (row0 b *m W j *m v) 0
  | inr i, inr j => col_mx 0 (W i *m W j *m v)
  | _, _ => col_mx 0 0
  end.

Lemma star_mulE x y (t : 'cV[F]_1) (v : 'cV[F]_r) :
  star_core x *m star_core y *m col_mx t v = star_prod x y t v.
Proof.
case: x => [[a|b]|i]; case: y => [[a'|c]|j] /=; rewrite mulmx_block mul_block_col;
  rewrite !(mul0mx, mulmx0, mul1mx, mulmx1, addr0, add0r, col_mx0) //.
Qed.

Lemma star_tfree : tfree star_core.
Proof.
move=> d rel; pose t x := usubmx (d x); pose v x := dsubmx (d x).
have dE x : d x = col_mx (t x) (v x) by rewrite vsubmxK.
have E y : \sum_x star_prod x y (t x) (v x) = 0.
  by rewrite -[RHS](rel y); apply: eq_bigr => x _; rewrite dE star_mulE.
have EW j : (\sum_b row0 b *m W j *m v (inl (inr b)) = 0) /\
    (\sum_i W i *m W j *m v (inr i) = 0).
  have := E (inr j); rewrite !big_sumType /= !sum_col_mx !add_col_mx -col_mx0.
  by case/eq_col_mx; rewrite !big1_eq !(add0r, addr0).
have vW i : v (inr i) = 0 := @Wtf (fun i => v (inr i)) (fun j => (EW j).2) i.
have ES c : (\sum_(a : 'I_u) row0 c *m v (inl (inl a)) +
      \sum_b row0 b *m delta_mx c 0 *m t (inl (inr b)) = 0) /\
    (\sum_b delta_mx b 0 *m row0 c *m v (inl (inr b)) +
      \sum_i W i *m delta_mx c 0 *m t (inr i) = 0).
  have := E (inl (inr c)); rewrite !big_sumType /= !sum_col_mx !add_col_mx -col_mx0.
  by case/eq_col_mx; rewrite !big1_eq !(add0r, addr0).
have EA (a : 'I_u) : (\sum_(a' : 'I_u) t (inl (inl a')) = 0) /\
    (\sum_b delta_mx b 0 *m t (inl (inr b)) = 0).
  have := E (inl (inl a)); rewrite !big_sumType /= !sum_col_mx !add_col_mx -col_mx0.
  by case/eq_col_mx; rewrite !big1_eq !(add0r, addr0).
pose s b c := v (inl (inr b)) c 0; pose w i := t (inr i) 0 0.
have sE b c : \sum_i W i b c * w i = - s b c.
  have := congr1 (fun z : 'cV_r => z b 0) (ES c).2; rewrite mxE !summxE mxE.
  under eq_bigr do rewrite mul_delta_mx delta_mulE.
  under [X in _ + X = _]eq_bigr do rewrite mul_deltaE.
  rewrite (bigD1 b) //= eqxx mul1r big1 ?addr0 => [|b' ne]; last first.
    by rewrite eq_sym (negbTE ne) mul0r.
  by move/eqP; rewrite addrC addr_eq0 => /eqP.
have tW j : \sum_b \sum_c W j b c * s b c = 0.
  have := congr1 (fun z : 'cV_1 => z 0 0) (EW j).1; rewrite summxE mxE => E0.
  by rewrite -[RHS]E0; apply: eq_bigr => b _; rewrite delta_rowE.
have s0 b c : s b c = 0.
  have sq : \sum_(p : 'I_r * 'I_r) s p.1 p.2 ^+ 2 = 0.
    have : \sum_i w i * (\sum_b \sum_c W i b c * s b c) = 0.
      by rewrite big1 // => i _; rewrite tW mulr0.
    have -> : \sum_i w i * (\sum_b \sum_c W i b c * s b c) =
        \sum_b \sum_c s b c * \sum_i W i b c * w i.
      under eq_bigr do rewrite mulr_sumr; rewrite exchange_big; apply: eq_bigr => b' _.
      under eq_bigr do rewrite mulr_sumr; rewrite exchange_big; apply: eq_bigr => c' _.
      rewrite mulr_sumr; apply: eq_bigr => i _.
      by rewrite mulrA mulrC [w i * _]mulrC.
    under eq_bigr do under eq_bigr do rewrite sE mulrN.
    rewrite sum_pairV /=; under eq_bigr do rewrite sumrN; rewrite sumrN => /eqP.
    by rewrite oppr_eq0 => /eqP E0; rewrite -[RHS]E0; apply: eq_bigr => b' _; apply: eq_bigr => c' _;
      rewrite expr2.
  have := @psumr_eq0P _ _ xpredT (fun p : 'I_r * 'I_r => s p.1 p.2 ^+ 2)
    (fun p _ => sqr_ge0 _) sq (b, c) isT.
  by move/eqP; rewrite sqrf_eq0 => /eqP.
have w0 i : w i = 0.
  apply: Wfree i; apply/matrixP => b c; rewrite summxE mxE.
  apply: etrans (_ : \sum_i W i b c * w i = 0); last by rewrite sE s0 oppr0.
  by apply: eq_bigr => i _; rewrite mxE mulrC.
pose sg b := t (inl (inr b)) 0 0.
have uniq (a a' : 'I_u) : a = a'.
  apply: ord_inj; have := leq_trans (ltn_ord a) u1; have := leq_trans (ltn_ord a') u1.
  by rewrite !ltnS !leqn0 => /eqP -> /eqP ->.
have sg0 c : sg c = 0.
  case: (pickP (fun a : 'I_u => true)) => [a _ | none].
    have := congr1 (fun z : 'cV_r => z c 0) (EA a).2; rewrite summxE mxE.
    under eq_bigr do rewrite delta_mulE.
    rewrite (bigD1 c) //= eqxx mul1r big1 ?addr0 // => b ne.
    by rewrite eq_sym (negbTE ne) mul0r.
  have := congr1 (fun z : 'cV_1 => z 0 0) (ES c).1; rewrite big1 ?add0r; last first.
    by move=> a; have := none a.
  rewrite summxE mxE (bigD1 c) //= big1 ?addr0 => [|b ne]; last first.
    by rewrite mul_deltaE mxE eqxx andTb eq_sym (negbTE ne) mul0r.
  by rewrite mul_deltaE mxE !eqxx mul1r.
have m0 m (z : 'cV[F]_m) : (forall i, z i 0 = 0) -> z = 0.
  by move=> z0; apply/colP=> i; rewrite z0 mxE.
case=> [[a|b]|i]; rewrite dE -col_mx0; congr col_mx; apply: m0 => p; rewrite ?ord1.
- have := (EA a).1; rewrite (big_pred1 a) => [->|a']; first by rewrite mxE.
  by rewrite /= (uniq a' a) eqxx.
- have := congr1 (fun z : 'cV_1 => z 0 0) (ES p).1; rewrite mxE !summxE (big_pred1 a) => [|a'];
    last by rewrite /= (uniq a' a) eqxx.
  rewrite (bigD1 p) //= big1 ?addr0 => [|b ne]; last first.
    by rewrite mul_deltaE mxE eqxx andTb eq_sym (negbTE ne) mul0r.
  rewrite mul_deltaE [delta_mx 0 p 0 p]mxE !eqxx mul1r -rowE !mxE.
  by have := sg0 p; rewrite /sg /t mxE => ->; rewrite addr0.
- exact: sg0.
- exact: s0.
- exact: w0.
- by rewrite vW mxE.
Qed.

End Star.

Section DirectSum.

Variable F : fieldType.

Lemma sum_col_mxF (I : finType) m1 m2 n (A : I -> 'M[F]_(m1, n)) (B : I -> 'M[F]_(m2, n)) :
  \sum_i col_mx (A i) (B i) = col_mx (\sum_i A i) (\sum_i B i).
Proof. by elim/big_rec3: _ => [|i x y z _ ->]; rewrite ?col_mx0 // add_col_mx. Qed.

(** Direct sum: [x |-> A_x (+) B_x] (block diagonal) on [a + b] coordinates. *)
Lemma tfree_dsum a b (I : finType) (A : I -> 'M[F]_a) (B : I -> 'M[F]_b) :
  tfree A -> tfree B -> tfree (fun x => block_mx (A x) 0 0 (B x)).
Proof.
move=> tA tB d rel x; rewrite -[d x]vsubmxK -col_mx0.
have E y : col_mx (\sum_x A x *m A y *m usubmx (d x)) (\sum_x B x *m B y *m dsubmx (d x)) = 0.
  rewrite -sum_col_mxF -[RHS](rel y); apply: eq_bigr => x' _.
  rewrite -[d x' in RHS]vsubmxK mulmx_block mul_block_col.
  by rewrite !(mul0mx, mulmx0, addr0, add0r).
congr col_mx.
  by apply: (@tA (fun x => usubmx (d x))) => y; have := E y; rewrite -col_mx0 => /eq_col_mx [].
by apply: (@tB (fun x => dsubmx (d x))) => y; have := E y; rewrite -col_mx0 => /eq_col_mx [].
Qed.

End DirectSum.

Section Reach.

Variable F : realFieldType.

(** Linear independence of a family of matrices. *)
Definition mfree r (I : finType) (M : I -> 'M[F]_r) :=
  forall c : I -> F, \sum_x c x *: M x = 0 -> forall x, c x = 0.

Lemma mfree0 r (I : finType) (M : I -> 'M[F]_r) : #|I| = 0%N -> mfree M.
Proof. by move=> I0 c _ x; have := card0_eq I0 x. Qed.

Lemma mfree_tfree r (I : finType) (M : I -> 'M[F]_r) : (0 < r)%N || (#|I| == 0%N) ->
  tfree M -> mfree M.
Proof. by case/orP=> [r0 tf|/eqP I0 _]; [exact: tfree_free | exact: mfree0]. Qed.

(** The pairs [(r, m)] for which the lemmas build a [tfree] family of [m] matrices of size [r]:
    the empty family, unit ([I]), full ([E_ab]), star ([u = 0] or [1], [Star({0}) (+) W]) and
    direct sum (block diagonal). *)
Inductive reach : nat -> nat -> Prop :=
| reach_nil r : reach r 0
| reach_unit r : (0 < r)%N -> reach r 1
| reach_full r : reach r (r * r)
| reach_star r u w : (u <= 1)%N -> reach r w -> reach r.+1 (u + r + w)
| reach_dsum a b m : reach a m -> reach b m -> reach (a + b) m.

Lemma reach_tfree r m : reach r m -> exists M : 'I_m -> 'M[F]_r, tfree M /\ mfree M.
Proof.
elim=> {r m} [r|r r0|r|r u w u1 _ [W [tW fW]]|a b m _ [A [tA fA]] _ [B [tB fB]]].
- by exists (fun _ => 0); split; [exact: tfree0 | apply: mfree0; rewrite card_ord].
- exists (fun _ => 1%:M); have tf := tfree_unit (unitmx1 F r); split=> //.
  by apply: mfree_tfree; rewrite ?r0.
- have e : #|{: 'I_r * 'I_r}| = (r * r)%N by rewrite card_prod card_ord.
  have tf := tfree_ord (e := e) (@tfree_full F r).
  exists (fun i : 'I_(r * r) => delta_mx (enum_val (cast_ord (esym e) i)).1
                                       (enum_val (cast_ord (esym e) i)).2); split=> //.
  by apply: mfree_tfree tf; rewrite card_ord; case: r {e}.
- have e : #|{: ('I_u + 'I_r) + 'I_w}| = (u + r + w)%N by rewrite !card_sum !card_ord.
  have tf := tfree_ord (e := e) (star_tfree u1 tW fW).
  by eexists; split; [exact: tf | exact: mfree_tfree tf].
- exists (fun x => block_mx (A x) 0 0 (B x)); have tf := tfree_dsum tA tB; split=> //.
  case: (posnP (a + b)) => [ab0|ab]; last by apply: mfree_tfree tf; rewrite ab.
  have a0 : a = 0%N by move: ab0 => /eqP; rewrite addn_eq0 => /andP[/eqP].
  move=> c _; apply: fA; apply/matrixP => i j; have := ltn_ord i; by rewrite {2}a0.
Qed.

(** The transfer lemma's conclusion for every reachable [(r, n)] with [n >= r]. *)
Theorem reach_rank r n k : reach r n -> (r <= n)%N -> (0 < k)%N ->
  exists T : ett F n r, \rank (oddeven_mx T k) = (r * n ^ k.-1)%N.
Proof.
move=> /reach_tfree [M [tM _]] rn k0; exists (tfree_witness M); exact: tfree_rank.
Qed.

End Reach.
