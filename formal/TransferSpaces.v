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
    - direct sum ([tfree_dsum]): block-diagonal [A_x (+) B_x];
    - duality ([tfree_dual], any field): if [N^T] is [tfree] and [span M] is the orthogonal
      complement of [span N] (entrywise inner product [mdot]), with [M] independent, then [M] is
      [tfree]; [dual_exists]: from a [tfree], independent family of [c] matrices, a basis of the
      complement ([row_base] of a kernel, [r * r - c] matrices) that is [tfree] and independent.
    [reach r m]: the pairs these lemmas reach; [reach_all]: every [1 <= m <= r^2] (the paper's
    induction "Every dimension"); [reach_rank]: the transfer lemma's rank for every reachable
    [(r, n)] with [n >= r].  Main results, over a real field ([realFieldType]: the star lemma uses
    that a sum of squares vanishes only when each term does):
    - [transfer_spaces]: for [1 <= n <= r^2], [n] matrices satisfying the kernel condition;
    - [transfer_spaces_rank] (and [transfer_spaces_witness], one witness for every [k]): for
      [0 < r <= n <= r^2] and [k >= 1], a tensor train [T : ett F n r] whose odd/even
      matricization at [d = 2k] has rank [r * n ^ (k - 1)]. *)

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

Lemma sum_col_mx (R : ringType) (I : finType) m1 m2 n (A : I -> 'M[R]_(m1, n))
  (B : I -> 'M[R]_(m2, n)) : \sum_i col_mx (A i) (B i) = col_mx (\sum_i A i) (\sum_i B i).
Proof. by elim/big_rec3: _ => [|i x y z _ ->]; rewrite ?col_mx0 // add_col_mx. Qed.

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

(** Linear independence of a family of matrices. *)
Definition mfree r (I : finType) (M : I -> 'M[F]_r) :=
  forall c : I -> F, \sum_x c x *: M x = 0 -> forall x, c x = 0.

Lemma mfree0 r (I : finType) (M : I -> 'M[F]_r) : #|I| = 0%N -> mfree M.
Proof. by move=> I0 c _ x; have := card0_eq I0 x. Qed.

Lemma mfree_tfree r (I : finType) (M : I -> 'M[F]_r) : (0 < r)%N || (#|I| == 0%N) ->
  tfree M -> mfree M.
Proof. by case/orP=> [r0 tf|/eqP I0 _]; [exact: tfree_free | exact: mfree0]. Qed.

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

(** Direct sum: [x |-> A_x (+) B_x] (block diagonal) on [a + b] coordinates. *)
Lemma tfree_dsum a b (I : finType) (A : I -> 'M[F]_a) (B : I -> 'M[F]_b) :
  tfree A -> tfree B -> tfree (fun x => block_mx (A x) 0 0 (B x)).
Proof.
move=> tA tB d rel x; rewrite -[d x]vsubmxK -col_mx0.
have E y : col_mx (\sum_x A x *m A y *m usubmx (d x)) (\sum_x B x *m B y *m dsubmx (d x)) = 0.
  rewrite -sum_col_mx -[RHS](rel y); apply: eq_bigr => x' _.
  rewrite -[d x' in RHS]vsubmxK mulmx_block mul_block_col.
  by rewrite !(mul0mx, mulmx0, addr0, add0r).
congr col_mx.
  by apply: (@tA (fun x => usubmx (d x))) => y; have := E y; rewrite -col_mx0 => /eq_col_mx [].
by apply: (@tB (fun x => dsubmx (d x))) => y; have := E y; rewrite -col_mx0 => /eq_col_mx [].
Qed.

End DirectSum.

Section Dual.

Variable F : fieldType.

Definition mdot r (A B : 'M[F]_r) := \sum_a \sum_b A a b * B a b.

(** Duality, on families: if [N^T] is [tfree], the [M_x] are independent, orthogonal to every
    [N_j], and everything orthogonal to every [M_x] is in the span of the [N_j] (so [span M] is
    the orthogonal complement of [span N]), then [M] is [tfree].  With
    [Z_b[g, e] = \sum_x M_x[b, g] d_x[e]]: [Z_b] is orthogonal to every [M_y] (the kernel
    equation), so [Z_b = \sum_j w_(b, j) N_j]; the slices [Z_.[., e] = \sum_x d_x[e] M_x] are
    orthogonal to every [N_i], which is the kernel equation of [N^T] for [w_j = (w_(b, j))_b], so
    [w = 0], [Z = 0] and [d = 0] by independence. *)
Lemma tfree_dual r (I J : finType) (M : I -> 'M[F]_r) (N : J -> 'M[F]_r) :
  tfree (fun j => (N j)^T) -> (forall x j, mdot (M x) (N j) = 0) ->
  (forall Z, (forall x, mdot Z (M x) = 0) -> exists w : J -> F, Z = \sum_j w j *: N j) ->
  (forall c : I -> F, \sum_x c x *: M x = 0 -> forall x, c x = 0) -> tfree M.
Proof.
move=> tN orth span free d rel.
pose Z (b : 'I_r) : 'M[F]_r := \matrix_(g, e) \sum_x M x b g * d x e 0.
have Zperp b y : mdot (Z b) (M y) = 0.
  transitivity ((\sum_x M x *m M y *m d x) b 0); last by rewrite rel mxE.
  rewrite summxE /mdot; under eq_bigr do under eq_bigr do rewrite mxE mulr_suml.
  rewrite exchange_big; under eq_bigr do rewrite exchange_big; rewrite exchange_big.
  apply: eq_bigr => x _; rewrite mxE; apply: eq_bigr => e _; rewrite mxE mulr_suml.
  by apply: eq_bigr => g _; rewrite mulrAC.
have /fin_all_exists [w wE] : forall b, exists w : J -> F, Z b = \sum_j w j *: N j.
  by move=> b; apply: span => y; exact: Zperp.
have H0 i e : \sum_b \sum_g Z b g e * N i b g = 0.
  under eq_bigr do under eq_bigr do rewrite mxE mulr_suml.
  under eq_bigr do rewrite exchange_big; rewrite exchange_big big1 // => x _.
  transitivity (d x e 0 * mdot (M x) (N i)); last by rewrite orth mulr0.
  rewrite /mdot mulr_sumr; apply: eq_bigr => b _; rewrite mulr_sumr; apply: eq_bigr => g _.
  by rewrite mulrAC mulrC.
have w0 : forall j, (\col_b w b j : 'cV[F]_r) = 0.
  apply: tN => i; apply/colP => e; rewrite summxE mxE -[RHS](H0 i e).
  under eq_bigr do rewrite mxE.
  under [RHS]eq_bigr do under eq_bigr do rewrite wE summxE mulr_suml.
  under [RHS]eq_bigr do rewrite exchange_big; rewrite [RHS]exchange_big.
  apply: eq_bigr => j _; apply: eq_bigr => b _; rewrite mxE mulr_suml.
  by apply: eq_bigr => g _; rewrite !mxE [w b j * _]mulrC mulrAC.
have Z0 b g e : \sum_x M x b g * d x e 0 = 0.
  have := congr1 (fun A : 'M_r => A g e) (wE b); rewrite mxE summxE => ->.
  by apply: big1 => j _; have := congr1 (fun v : 'cV_r => v b 0) (w0 j); rewrite !mxE => ->;
    rewrite mul0r.
move=> x; apply/colP => e; rewrite mxE.
apply: (free (fun x => d x e 0)) => //; apply/matrixP => b g; rewrite summxE mxE.
transitivity (\sum_x M x b g * d x e 0); last exact: Z0.
by apply: eq_bigr => x' _; rewrite mxE mulrC.
Qed.

Section DualBasis.

Variables (r c : nat) (P : 'I_c -> 'M[F]_r).
Hypotheses (tP : tfree P) (fP : mfree P).

Notation K := #|{: 'I_r * 'I_r}|.
Let N j := (P j)^T.
Let Nm := fmx (fun (j : 'I_c) (p : 'I_r * 'I_r) => N j p.1 p.2).
Let B := row_base (kermx Nm^T).
Let vecm (v : 'rV[F]_K) : 'M[F]_r := \matrix_(a, b) v 0 (enum_rank ((a, b) : 'I_r * 'I_r)).
Let M (x : 'I_(\rank (kermx Nm^T))) := vecm (row x B).

Lemma mdotC (A A' : 'M[F]_r) : mdot A A' = mdot A' A.
Proof. by apply: eq_bigr => a _; apply: eq_bigr => b _; rewrite mulrC. Qed.

Lemma dot_vecm (v : 'rV[F]_K) (A : 'M[F]_r) :
  \sum_k v 0 k * A (enum_val k).1 (enum_val k).2 = mdot (vecm v) A.
Proof.
rewrite (reindex (@enum_rank [finType of 'I_r * 'I_r])) /=; last first.
  by exists (fun k : 'I_K => enum_val k) => k _; rewrite ?enum_rankK ?enum_valK.
rewrite sum_pairV /mdot; apply: eq_bigr => a _; apply: eq_bigr => b _.
by rewrite enum_rankK mxE.
Qed.

Lemma rank_Nm : \rank Nm = c.
Proof.
rewrite rank_fmx_free ?card_ord // => e rel j.
apply: fP j; apply: trmx_inj; rewrite trmx0 raddf_sum /=; apply/matrixP => a b.
rewrite summxE mxE -[RHS](rel (a, b)); apply: eq_bigr => j _.
by rewrite /N !mxE.
Qed.

Lemma B_Nm : B *m Nm^T = 0.
Proof. by apply/sub_kermxP; rewrite eq_row_base. Qed.

Lemma rank_ker : \rank (kermx Nm^T) = (r * r - c)%N.
Proof. by rewrite mxrank_ker mxrank_tr rank_Nm card_prod card_ord. Qed.

Lemma rank_B : \rank B = (r * r - c)%N.
Proof. by rewrite eq_row_base rank_ker. Qed.

Lemma dual_orth x j : mdot (M x) (N j) = 0.
Proof.
rewrite -dot_vecm; have := B_Nm; move/matrixP/(_ x (enum_rank j)); rewrite !mxE => E0.
rewrite -[RHS]E0.
by apply: eq_bigr => k _; rewrite !mxE enum_rankK.
Qed.

Lemma dual_span Z : (forall x, mdot Z (M x) = 0) -> exists w : 'I_c -> F, Z = \sum_j w j *: N j.
Proof.
move=> perp; pose vZ : 'rV[F]_K := \row_k Z (enum_val k).1 (enum_val k).2.
have vZB : vZ *m B^T = 0.
  apply/rowP => x; rewrite !mxE -[RHS](perp x) /M mdotC -dot_vecm; apply: eq_bigr => k _.
  by rewrite !mxE mulrC.
have NL : (Nm <= kermx B^T)%MS.
  by apply/sub_kermxP; apply: trmx_inj; rewrite trmx_mul trmxK B_Nm trmx0.
have LN : (kermx B^T <= Nm)%MS.
  rewrite -(geq_leqif (mxrank_leqif_sup NL)) mxrank_ker mxrank_tr rank_B rank_Nm.
  by have := rank_leq_col Nm; rewrite rank_Nm !card_prod !card_ord => cK; rewrite subKn.
have /submxP [D vZE] : (vZ <= Nm)%MS by apply: submx_trans LN; apply/sub_kermxP.
exists (fun j => D 0 (enum_rank j)); apply/matrixP => a b.
have := congr1 (fun v : 'rV_K => v 0 (enum_rank ((a, b) : 'I_r * 'I_r))) vZE.
rewrite !mxE enum_rankK /= => ->; rewrite summxE.
rewrite (reindex (@enum_rank [finType of 'I_c])) /=; last first.
  by exists (fun k => enum_val k) => k _; rewrite ?enum_rankK ?enum_valK.
by apply: eq_bigr => j _; rewrite !mxE !enum_rankK.
Qed.

Lemma dual_free : mfree M.
Proof.
move=> e rel x; pose v : 'rV[F]_(\rank (kermx Nm^T)) := \row_x e x.
have : v *m B = 0 *m B.
  apply/rowP => k; rewrite mul0mx !mxE.
  have := congr1 (fun A : 'M_r => A (enum_val k).1 (enum_val k).2) rel.
  rewrite summxE mxE => E0; rewrite -[RHS]E0; apply: eq_bigr => x' _.
  by rewrite !mxE -surjective_pairing enum_valK.
by move/(row_free_inj (row_base_free _))/rowP/(_ x); rewrite !mxE.
Qed.

Lemma dual_tfree : tfree M.
Proof.
apply: (tfree_dual (N := N)) => //; [| exact: dual_orth | exact: dual_span | exact: dual_free].
by move=> d rel; apply: tP => y; rewrite -[RHS](rel y); apply: eq_bigr => x _; rewrite !trmxK.
Qed.

Lemma dual_exists : exists M' : 'I_(r * r - c) -> 'M[F]_r, tfree M' /\ mfree M'.
Proof.
have e : #|'I_(\rank (kermx Nm^T))| = (r * r - c)%N by rewrite card_ord rank_ker.
have tf := tfree_ord (e := e) dual_tfree.
eexists; split; first exact: tf.
case: (posnP r) => [r0|]; last by move=> r0; exact: tfree_free tf.
by apply: mfree0; rewrite card_ord r0.
Qed.

End DualBasis.

End Dual.

Section Reach.

Variable F : realFieldType.

(** The pairs [(r, m)] for which the lemmas build a [tfree] family of [m] matrices of size [r]:
    the empty family, unit ([I]), full ([E_ab]), star ([u = 0] or [1], [Star({0}) (+) W]) and
    direct sum (block diagonal). *)
Inductive reach : nat -> nat -> Prop :=
| reach_nil r : reach r 0
| reach_unit r : (0 < r)%N -> reach r 1
| reach_full r : reach r (r * r)
| reach_star r u w : (u <= 1)%N -> reach r w -> reach r.+1 (u + r + w)
| reach_dsum a b m : reach a m -> reach b m -> reach (a + b) m
| reach_dual r m : reach r m -> reach r (r * r - m).

Lemma reach_tfree r m : reach r m -> exists M : 'I_m -> 'M[F]_r, tfree M /\ mfree M.
Proof.
elim=> {r m} [r|r r0|r|r u w u1 _ [W [tW fW]]|a b m _ [A [tA fA]] _ [B [tB fB]]|r m _ [P [tP fP]]];
  last exact: dual_exists tP fP.
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

(** Every dimension (PROOFS 6.3): by induction on [r = r'.+1]: [r <= m <= r + r'^2] star with
    [u = 1] and a space of dimension [m - r <= r'^2] on [r'] coordinates; [m = 1] unit; small
    [2 <= m < r] the direct sum of spaces of dimension [m] on [a = r/2] and [r - a] coordinates when
    [m <= a^2], otherwise [m = r - 1] and the dual of [r^2 - m = r + r'^2] (star); [m = r^2] full;
    [r + r'^2 < m < r^2] the dual of [r^2 - m < r'] (small). *)
Lemma reach_all r m : (0 < m)%N -> (m <= r * r)%N -> reach r m.
Proof.
elim/ltn_ind: r m => -[|r'] IH m m0 mr; first by move: (leq_trans m0 mr).
have sq : (r'.+1 * r'.+1 = r'.+1 + r' + r' * r')%N by rewrite mulSn mulnS addnA.
have A m' : (r'.+1 <= m')%N -> (m' <= r'.+1 + r' * r')%N -> reach r'.+1 m'.
  move=> lo hi; have -> : m' = (1 + r' + (m' - r'.+1))%N by rewrite add1n subnKC.
  apply: reach_star => //; case: (posnP (m' - r'.+1)) => [->|w0]; first exact: reach_nil.
  by apply: IH => //; rewrite leq_subLR.
have C m' : (0 < m')%N -> (m' < r'.+1)%N -> reach r'.+1 m'.
  move=> m'0 lt; case: (ltngtP m' 1) => [|m1|->]; first by rewrite ltnNge m'0.
    pose a := (r'.+1)./2.
    have ra1 : (a.*2 <= r'.+1)%N by rewrite -[X in (_ <= X)%N](odd_double_half r'.+1) leq_addl.
    have ra2 : (r'.+1 <= a.*2.+1)%N.
      by rewrite -[X in (X <= _)%N](odd_double_half r'.+1) -/a; case: (odd _); rewrite ?add1n ?add0n.
    have aa : (a <= a.*2)%N by rewrite -addnn leq_addr.
    case: (leqP m' (a * a)) => [ma | am].
      have a0 : (0 < a)%N by case: (a) ma m1 => //; rewrite muln0 leqn0 => /eqP ->.
      have ab : (a <= r'.+1 - a)%N by rewrite leq_subRL ?addnn // (leq_trans aa).
      have ar : (a < r'.+1)%N by rewrite -subn_gt0 (leq_trans a0 ab).
      have br : (r'.+1 - a < r'.+1)%N by rewrite ltn_subrL a0.
      have -> : r'.+1 = (a + (r'.+1 - a))%N by rewrite subnKC // ltnW.
      apply: reach_dsum; apply: IH => //; rewrite ?subnKC ?(ltnW ar) //.
      by apply: leq_trans ma _; rewrite leq_mul.
    have a2 : (a.*2 <= a * a + 1)%N.
      case: (a) => // a'.
      by rewrite mulSn mulnS doubleS -addnn addn1 addSn !ltnS addnA leq_addr.
    have mr' : m' = r'.
      apply/eqP; rewrite eqn_leq -ltnS lt /= -ltnS; apply: leq_trans ra2 _.
      by rewrite ltnS; apply: leq_trans a2 _; rewrite addn1.
    have -> : m' = (r'.+1 * r'.+1 - (r'.+1 * r'.+1 - m'))%N.
      by rewrite subKn // (leq_trans (ltnW lt)) // leq_pmulr.
    apply: reach_dual; apply: A; rewrite mr' sq addnAC addnK ?leq_addr //.
  by apply: reach_unit.
case: (ltnP m r'.+1) => [lt|ge]; first exact: C.
case: (leqP m (r'.+1 + r' * r')) => [le|gt]; first exact: A.
case: (ltngtP m (r'.+1 * r'.+1)) => [lt2|gt2|->]; last exact: reach_full.
- have -> : m = (r'.+1 * r'.+1 - (r'.+1 * r'.+1 - m))%N by rewrite subKn // ltnW.
  apply: reach_dual; apply: C; first by rewrite subn_gt0.
  rewrite ltn_subLR ?(ltnW lt2) // sq; apply: (@leq_trans (m + r')).
    by rewrite addnAC ltn_add2r.
  by rewrite leq_add2l.
- by move: (leq_ltn_trans mr gt2); rewrite ltnn.
Qed.

End Reach.

(** PROOFS 6.3, every dimension: over a real field, for every [1 <= n <= r^2] there are [n]
    matrices [M_x] of size [r] satisfying the kernel condition of [transfer_unitP]. *)
Theorem transfer_spaces (F : realFieldType) r n : (0 < n)%N -> (n <= r * r)%N ->
  exists M : 'I_n -> 'M[F]_r,
    forall d : 'I_n -> 'cV[F]_r, (forall y, \sum_x M x *m M y *m d x = 0) -> forall x, d x = 0.
Proof. by move=> n0 nr; have [M [tM _]] := reach_tfree F (reach_all n0 nr); exists M. Qed.

(** The generic-rank witness for even [d = 2k] in the regime [r <= n <= r^2]: one tensor train
    with [tt_core] the family of [transfer_spaces], [G_1 = [I_r; 0]] and [G_d = [I_r, 0]] has
    odd/even rank [r * n ^ (k - 1)] (the transfer lemma, [transfer_rank_eq]). *)
Theorem transfer_spaces_rank (F : realFieldType) r n k :
  (0 < r)%N -> (r <= n)%N -> (n <= r * r)%N -> (0 < k)%N ->
  exists T : ett F n r, \rank (oddeven_mx T k) = (r * n ^ k.-1)%N.
Proof.
move=> r0 rn nr k0; apply: reach_rank => //.
by apply: reach_all => //; exact: leq_trans r0 rn.
Qed.

(** The same witness for every [k >= 1] at once. *)
Theorem transfer_spaces_witness (F : realFieldType) r n :
  (0 < r)%N -> (r <= n)%N -> (n <= r * r)%N ->
  exists T : ett F n r, forall k, (0 < k)%N -> \rank (oddeven_mx T k) = (r * n ^ k.-1)%N.
Proof.
move=> r0 rn nr; have [M [tM _]] := reach_tfree F (reach_all (leq_trans r0 rn) nr).
by exists (tfree_witness M) => k k0; exact: tfree_rank.
Qed.
