(** * PROOFS.md 6.3: the transfer lemma, even [d = 2k]: rank exactly [r * n ^ (k - 1)]

    Write [M_x = tt_core T x].  Hypotheses ([transfer_rank_eq], [transfer_rank]):
    - [\rank (first_mx T) = r]: the [n x r] matrix [G_1] with rows [tt_first x] has rank [r];
    - [\rank (last_mx T) = r]: the [r x n] matrix [G_d] with columns [tt_last x] has rank [r];
    - [transfer_mx T \in unitmx]: the two-step transfer matrix is invertible.  [transfer_mx T] is
      [fmx] of [((beta, y), (beta', x)) |-> (M_x M_y)[beta, beta']], rows and columns indexed by
      ['I_r * 'I_n] (a square matrix of side [#|'I_r * 'I_n| = r * n]); the paper orders the
      columns [(x, beta')], a permutation of the columns, which does not change invertibility.
      [transfer_unitP]: it is invertible iff no nonzero family [d : 'I_n -> 'cV_r] has
      [\sum_x M_x M_y d_x = 0] for every [y] (the paper's description of its kernel).

    The idea (the paper's [Y_j] and Kronecker products, written as statements about linear
    relations).  Index the rows by [x :: u] and the columns by [rcons c z] ([u], [c] words of
    length [k - 1]; [rank_oddeven_split]: the same rank).  With
    [pairs u c = M_(c_1) M_(u_1) ... M_(c_(k-1)) M_(u_(k-1))] the entry is
    [G_1(x) pairs(u, c) G_d(z)] ([oe_tail_pairs]), a sum over [(c', beta)] of
    [a[(x, u), (c', beta)] = (G_1(x) pairs(u, c'))[beta]] times
    [b[(c', beta), (c, z)] = [c' = c] G_d(z)[beta]].  [rank_fmx_factor]: such a product has rank
    [#|(c', beta)| = n ^ (k - 1) * r] when [a] has no column relation and [b] no row relation.
    [b]: a row relation is, for each [c], a row vector killed by [G_d] ([last_free]).  [a]: a
    column relation [e] gives, for each [u], [G_1 (\sum_c pairs(u, c) e_c) = 0], hence
    [\sum_c pairs(u, c) e_c = 0] ([first_free]), hence [e = 0] by [pairs_free]: by induction on
    the length, the first letters [x] of [u] and [y] of [c] enter through [M_y M_x], so the
    families [d_y = \sum_c' pairs(u', c') e_(y :: c')] satisfy [\sum_y M_y M_x d_y = 0] for every
    [x]: [d = 0] by the transfer matrix's invertibility, and then each [e_(y :: _)] is [0] by the
    induction hypothesis. *)

From mathcomp Require Import all_ssreflect all_algebra.
From TTExpr Require Import Matricization TensorTrain.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section Factor.

Variable F : fieldType.

Lemma fmx_tr (I J : finType) (f : I -> J -> F) : (fmx f)^T = fmx (fun j i => f i j).
Proof. by apply/matrixP=> i j; rewrite !mxE. Qed.

(** A product [A B] with [A] of full column rank (no column relation) and [B] of full row rank
    (no row relation) has rank [#|K|], [K] the inner index. *)
Lemma rank_fmx_factor (I J K : finType) (f : I -> J -> F) (a : I -> K -> F) (b : K -> J -> F) :
  (forall i j, f i j = \sum_k a i k * b k j) ->
  (forall c : K -> F, (forall i, \sum_k a i k * c k = 0) -> forall k, c k = 0) ->
  (forall c : K -> F, (forall j, \sum_k c k * b k j = 0) -> forall k, c k = 0) ->
  \rank (fmx f) = #|K|.
Proof.
move=> fE afree bfree.
have -> : fmx f = fmx a *m fmx b.
  apply/matrixP=> i j; rewrite !mxE fE (reindex (fun x : 'I_#|K| => enum_val x)) /=; last first.
    by exists (@enum_rank K) => x _; rewrite ?enum_rankK ?enum_valK.
  by apply: eq_bigr => x _; rewrite !mxE.
rewrite mxrankMfree; last by apply/eqP; exact: rank_fmx_free.
rewrite -mxrank_tr fmx_tr; apply: rank_fmx_free => c rel k; apply: afree => // i.
by apply: etrans (rel i); apply: eq_bigr => k' _; exact: mulrC.
Qed.

Lemma sum_pair (A B : finType) (f : A * B -> F) : \sum_p f p = \sum_a \sum_b f (a, b).
Proof. by rewrite pair_bigA; apply: eq_bigr => -[]. Qed.

End Factor.

Section Transfer.

Variable F : fieldType.
Variables n r : nat.
Variable T : ett F n r.

Notation M := (tt_core T).

(** [G_1] ([n x r], the rows [tt_first x]) and [G_d] ([r x n], the columns [tt_last x]). *)
Definition first_mx : 'M[F]_(n, r) := \matrix_(x, b) tt_first T x 0 b.
Definition last_mx : 'M[F]_(r, n) := \matrix_(b, x) tt_last T x b 0.

(** The two-step transfer matrix: rows [(beta, y)], columns [(beta', x)], entry
    [(M_x M_y)[beta, beta']]. *)
Definition transfer_mx : 'M[F]_#|{: 'I_r * 'I_n}| :=
  fmx (fun p q : 'I_r * 'I_n => (M q.2 *m M p.2) p.1 q.1).

(** [pairs u c = M_(c_1) M_(u_1) ... M_(c_j) M_(u_j)]. *)
Fixpoint pairs (u c : seq 'I_n) : 'M[F]_r :=
  match u, c with
  | x :: u', y :: c' => M y *m M x *m pairs u' c'
  | _, _ => 1%:M
  end.

Lemma oe_tail_pairs (u c : seq 'I_n) (z y : 'I_n) (v : seq 'I_n) :
  size u = size c -> rcons c z = y :: v -> oe_tail T y u v = pairs u c *m tt_last T z.
Proof.
elim: u c y v => [|x u IH] [|y' c] //= y v; first by move=> _ [<- _]; rewrite mul1mx.
case=> /IH {}IH [<- <-]; case E : (rcons c z) => [|y2 v2].
  by move/(congr1 size): E; rewrite size_rcons.
by rewrite (IH y2 v2) // !mulmxA.
Qed.

Lemma first_free (v : 'cV[F]_r) : \rank first_mx = r -> first_mx *m v = 0 -> v = 0.
Proof.
move=> rk E; apply: trmx_inj; rewrite trmx0.
apply: (row_free_inj (A := first_mx^T)); first by rewrite /row_free mxrank_tr rk.
by rewrite mul0mx -trmx_mul E trmx0.
Qed.

Lemma last_free (w : 'rV[F]_r) : \rank last_mx = r -> w *m last_mx = 0 -> w = 0.
Proof.
move=> rk E; apply: (row_free_inj (A := last_mx)); first by rewrite /row_free rk.
by rewrite E mul0mx.
Qed.

Notation K := [finType of 'I_r * 'I_n].

(** A column vector [D] of the transfer matrix's size is the family [x |-> \col_b D[(b, x)]]. *)
Definition fam (D : 'cV[F]_#|K|) (x : 'I_n) : 'cV[F]_r := \col_b D (enum_rank ((b, x) : K)) 0.

Lemma transfer_mulE (D : 'cV[F]_#|K|) (b : 'I_r) (y : 'I_n) :
  (transfer_mx *m D) (enum_rank ((b, y) : K)) 0 = (\sum_x M x *m M y *m fam D x) b 0.
Proof.
rewrite summxE mxE (reindex (@enum_rank K)) /=; last first.
  by exists (fun j : 'I_#|K| => enum_val j) => j _; rewrite ?enum_rankK ?enum_valK.
under [RHS]eq_bigr do rewrite mxE.
rewrite [RHS]exchange_big pair_big /=; apply: eq_bigr => -[b' x] _.
by rewrite !mxE !enum_rankK.
Qed.

Lemma unit_colP m (A : 'M[F]_m) : (forall D : 'cV[F]_m, A *m D = 0 -> D = 0) -> A \in unitmx.
Proof.
move=> inj; rewrite -unitmx_tr -row_free_unit; apply: inj_row_free => v E.
by apply: trmx_inj; rewrite trmx0; apply: inj; rewrite -(trmxK A) -trmx_mul E trmx0.
Qed.

(** The transfer matrix is invertible iff its kernel is trivial, i.e. no nonzero family
    [d : 'I_n -> 'cV_r] has [\sum_x M_x M_y d_x = 0] for every [y] (PROOFS.md 6.3). *)
Lemma transfer_unitP :
  reflect (forall d : 'I_n -> 'cV[F]_r,
             (forall y, \sum_x M x *m M y *m d x = 0) -> forall x, d x = 0)
    (transfer_mx \in unitmx).
Proof.
apply: (iffP idP) => [U d rel x | free].
  pose D : 'cV[F]_#|K| := \col_i d (enum_val i).2 (enum_val i).1 0.
  have famD x' : fam D x' = d x' by apply/colP=> b; rewrite !mxE enum_rankK.
  have TD : transfer_mx *m D = 0.
    apply/colP=> i; rewrite -[i]enum_valK; case: (enum_val i) => b y.
    by rewrite transfer_mulE; under eq_bigr do rewrite famD; rewrite rel !mxE.
  have : invmx transfer_mx *m (transfer_mx *m D) = D by rewrite mulmxA mulVmx // mul1mx.
  by rewrite TD mulmx0 -famD => <-; apply/colP=> b; rewrite !mxE.
apply: unit_colP => D TD.
have fam0 x : fam D x = 0.
  apply: free x => y; apply/colP=> b.
  by rewrite -transfer_mulE TD !mxE.
apply/colP=> i; rewrite -[i]enum_valK; case: (enum_val i) => b x.
by have := congr1 (fun v : 'cV_r => v b 0) (fam0 x); rewrite !mxE.
Qed.

Hypothesis U : transfer_mx \in unitmx.

(** By induction on [j]: no nonzero family [d_c] ([c] a [j]-tuple) with
    [\sum_c pairs u c *m d_c = 0] for every [u]. *)
Lemma pairs_free k (d : k.-tuple 'I_n -> 'cV[F]_r) :
  (forall u : k.-tuple 'I_n, \sum_(c : k.-tuple 'I_n) pairs u c *m d c = 0) -> forall c, d c = 0.
Proof.
elim: k d => [|k IH] d rel c.
  have t0 (t : 0.-tuple 'I_n) : t = [tuple] by apply: val_inj; case: t => [[]].
  have := rel [tuple]; rewrite (big_pred1 [tuple]) => [|t]; last by apply/esym/eqP; exact: t0.
  by rewrite /= mul1mx (t0 c).
have relk (u' : k.-tuple 'I_n) (y : 'I_n) :
    \sum_(c' : k.-tuple 'I_n) pairs u' c' *m d [tuple of y :: c'] = 0.
  move: y; apply: (elimT transfer_unitP U
    (fun y => \sum_(c' : k.-tuple 'I_n) pairs u' c' *m d [tuple of y :: c'])).
  move=> x; have := rel [tuple of x :: u']; rewrite sum_tuple_cons => E; apply: etrans E.
  by apply: eq_bigr => y _; rewrite mulmx_sumr; apply: eq_bigr => c' _ /=; rewrite !mulmxA.
have cy (y : 'I_n) (c' : k.-tuple 'I_n) : d [tuple of y :: c'] = 0.
  by apply: (IH (fun c' => d [tuple of y :: c'])) => u'; exact: relk.
by rewrite [c]tuple_eta; exact: cy.
Qed.

End Transfer.

(** Rows [x :: u], columns [rcons c z]: the same rank as the odd/even matricization. *)
Lemma rank_oddeven_split (F : fieldType) n r (T : ett F n r) k :
  \rank (oddeven T k.+1) =
  \rank (fmx (fun (p : 'I_n * k.-tuple 'I_n) (q : k.-tuple 'I_n * 'I_n) =>
    tt_entry T (interleave [tuple of p.1 :: p.2] [tuple of rcons q.1 q.2]))).
Proof.
apply/eqP; rewrite eqn_leq; apply/andP; split; last first.
  exact: (rank_fmx_sub (fun u v : k.+1.-tuple 'I_n => tt_entry T (interleave u v))
    (fun p : 'I_n * k.-tuple 'I_n => [tuple of p.1 :: p.2])
    (fun q : k.-tuple 'I_n * 'I_n => [tuple of rcons q.1 q.2])).
apply: leq_trans (rank_fmx_sub _ (fun u : k.+1.-tuple 'I_n => (thead u, [tuple of behead u]))
  (fun t : k.+1.-tuple 'I_n =>
     ([tuple of belast (thead t) (behead t)], last (thead t) (behead t)))).
apply: eq_leq; congr (\rank _); apply/matrixP=> i j; rewrite !mxE /= -lastI.
by rewrite [in LHS](tuple_eta (enum_val i)) [in LHS](tuple_eta (enum_val j)).
Qed.

(** The entry of the split matrix as a product through the inner index [(c', beta)]:
    [G_1(x) pairs(u, c') e_beta] times [[c' = c] G_d(z)[beta]] ([transfer_rank_eq], and the
    upper bound [rank_le_first_cut] of [UpperBound.v]). *)
Lemma oddeven_split_entry (F : fieldType) n r (T : ett F n r) k
    (p : 'I_n * k.-tuple 'I_n) (q : k.-tuple 'I_n * 'I_n) :
  tt_entry T (interleave [tuple of p.1 :: p.2] [tuple of rcons q.1 q.2]) =
  \sum_(q' : k.-tuple 'I_n * 'I_r)
    (tt_first T p.1 *m pairs T p.2 q'.1) 0 q'.2 * ((q'.1 == q.1)%:R * tt_last T q.2 q'.2 0).
Proof.
case: p q => [x u] [c z] /=; case E : (rcons c z) => [|y v].
  by move/(congr1 size): E; rewrite size_rcons.
have -> : tt_entry T [:: x, y & interleave u v] = _ := tt_entry_interleave T x y u v.
rewrite (oe_tail_pairs _ _ E) ?size_tuple //.
rewrite sum_pair /= (bigD1 c) //= [X in _ + X]big1 ?addr0; last first.
  by move=> c' /negbTE ne; rewrite big1 // => b _; rewrite ne mul0r mulr0.
by rewrite mulmxA mxE; apply: eq_bigr => b _; rewrite eqxx mul1r.
Qed.

(** The transfer lemma, [d = 2k]: rank exactly [r * n ^ (k - 1)]. *)
Theorem transfer_rank_eq (F : fieldType) n r (T : ett F n r) k :
  \rank (first_mx T) = r -> \rank (last_mx T) = r -> transfer_mx T \in unitmx -> (0 < k)%N ->
  \rank (oddeven_mx T k) = (r * n ^ k.-1)%N.
Proof.
move=> r1 rd U; case: k => // k _ /=; rewrite rank_oddeven_mx rank_oddeven_split.
rewrite (@rank_fmx_factor _ _ _ [finType of k.-tuple 'I_n * 'I_r] _
  (fun (p : 'I_n * k.-tuple 'I_n) (q : k.-tuple 'I_n * 'I_r) =>
     (tt_first T p.1 *m pairs T p.2 q.1) 0 q.2)
  (fun (q : k.-tuple 'I_n * 'I_r) (q' : k.-tuple 'I_n * 'I_n) =>
     (q.1 == q'.1)%:R * tt_last T q'.2 q.2 0)).
- by rewrite card_prod card_tuple !card_ord mulnC.
- exact: oddeven_split_entry.
- move=> c rel [c0 b0].
  pose d (c' : k.-tuple 'I_n) : 'cV[F]_r := \col_b c (c', b).
  have -> : c (c0, b0) = d c0 b0 0 by rewrite mxE.
  rewrite (pairs_free U (d := d)) ?mxE // => u.
  apply: (first_free r1); apply/colP => x; rewrite !mxE; apply: etrans (rel (x, u)).
  have -> : \sum_b first_mx T x b * (\sum_(c' : k.-tuple 'I_n) pairs T u c' *m d c') b 0 =
      (tt_first T x *m \sum_(c' : k.-tuple 'I_n) pairs T u c' *m d c') 0 0.
    by rewrite mxE; apply: eq_bigr => b _; rewrite mxE.
  rewrite mulmx_sumr summxE sum_pair /=; apply: eq_bigr => c' _.
  by rewrite mulmxA mxE; apply: eq_bigr => b _; rewrite [d c' b 0]mxE.
- move=> c rel [c0 b0].
  pose w : 'rV[F]_r := \row_b c (c0, b).
  have -> : c (c0, b0) = w 0 b0 by rewrite mxE.
  rewrite (last_free rd (w := w)) ?mxE //.
  apply/rowP => z; rewrite !mxE; apply: etrans (rel (c0, z)).
  rewrite sum_pair /= (bigD1 c0) //= [X in _ + X]big1 ?addr0; last first.
    by move=> c' /negbTE ne; rewrite big1 // => b _; rewrite ne mul0r mulr0.
  by apply: eq_bigr => b _; rewrite !mxE eqxx mul1r.
Qed.

(** The transfer lemma, lower bound, [d = 2k]. *)
Theorem transfer_rank (F : fieldType) n r (T : ett F n r) k :
  \rank (first_mx T) = r -> \rank (last_mx T) = r -> transfer_mx T \in unitmx -> (0 < k)%N ->
  (r * n ^ k.-1 <= \rank (oddeven_mx T k))%N.
Proof. by move=> r1 rd U k0; rewrite transfer_rank_eq. Qed.
