(** * PROOFS.md 3: the zero set of a nonzero real polynomial is Lebesgue-null

    For every [m] and every nonzero [p : {mpoly R[m]}] ([R] a [realType]) the zero set
    [zero_set p = [set x | p.@[coord x] = 0]] is measurable and has measure 0 for Lebesgue measure
    on [R^m] ([lebesgue_Rm R m], [Lebesgue.v]): [zero_set_null].  In mathcomp-analysis' "almost
    everywhere" form ([{ae mu, forall x, P x}]: the points where [P] fails lie in a measurable set
    of [mu]-measure 0), almost every point of [R^m] is not a zero of [p]: [ae_mpoly_neq0].

    The proof is the induction on the number of variables (Caron and Traynor's note; Bentkamp,
    Blanchette and Klakow's Isabelle proof, AFP [Deep_Learning], [Lebesgue_Zero_Set.thy]):
    - [muni p] (MathComp's multinomials) writes [p] as a polynomial in its last variable with
      coefficients in [{mpoly R[m]}]; evaluating [p] is evaluating the coefficients at the first
      [m] coordinates, then the polynomial at the last one ([meval_muni]); the coefficients of
      [muni p] are those of [p] ([mcoeff_muni]), so [muni p != 0] when [p != 0] ([muni_eq0]);
    - its leading coefficient [c] is a nonzero polynomial in [m] variables, so its zero set is
      null by induction;
    - over a point [x] where [c] does not vanish, the section [{t | p(x, t) = 0}] is the root set
      of a nonzero polynomial in one variable, finite ([poly_roots_seq], [zero_set_section]),
      hence null ([lebesgue_seq_null]);
    - the measure of a set of [R^m * R] is the integral of the measures of its sections
      ([lebesgue_RmE]): the zeros over [{c = 0}] lie in [{c = 0} * R], of measure [0 * oo = 0]
      ([lebesgue_RmM]); the others have null sections, so their measure is the integral of 0.
    Measurability: polynomial evaluation is a finite sum of products of coordinates
    ([measurable_meval]).  [ae_mono] and [ae_and]: a property holding almost everywhere stays so
    under implication, and two such properties hold together almost everywhere.

    Axioms: mathcomp-analysis rests on three classical axioms ([boolp]:
    [propositional_extensionality], [functional_extensionality_dep],
    [constructive_indefinite_description]); these theorems use them and nothing else. *)

From HB Require Import structures.
From mathcomp Require Import all_ssreflect all_algebra.
From mathcomp.classical Require Import boolp classical_sets functions mathcomp_extra.
From mathcomp.analysis Require Import reals ereal signed topology normedtype sequences esum
  measure numfun lebesgue_measure lebesgue_integral.
From SsrMultinomials Require Import mpoly.
From TTExpr Require Import Lebesgue.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import Order.TTheory GRing.Theory Num.Def Num.Theory.
Local Open Scope classical_set_scope.
Local Open Scope ring_scope.

Local Notation widen := (widen_ord (leqnSn _)).

Section LastVariable.

Variable R : comRingType.
Variable m : nat.
Implicit Types p : {mpoly R[m.+1]}.

(** [p] as a polynomial in its last variable, with coefficients in the first [m]. *)
Lemma meval_muni p (v : 'I_m.+1 -> R) :
  p.@[v] = (map_poly (meval (fun i => v (widen i))) (muni p)).[v ord_max].
Proof.
rewrite muniE {1}(mpolyE p) !raddf_sum /= horner_sum; apply: eq_bigr => mm _.
rewrite mevalZ mevalX map_polyZ map_polyXn hornerZ hornerXn /= mevalZ mevalX.
by rewrite big_ord_recr -mulrA; congr (_ * (_ * _)); apply: eq_bigr => i _; rewrite mnmE.
Qed.

(** A monomial in [m.+1] variables is its first [m] exponents and its last one. *)
Lemma mnm_last_eq (m1 m2 : 'X_{1..m.+1}) :
  ([multinom m1 (widen i) | i < m] == [multinom m2 (widen i) | i < m])
    && (m1 ord_max == m2 ord_max) = (m1 == m2).
Proof.
apply/andP/eqP=> [[/eqP/mnmP e /eqP emax]|->]; last by rewrite !eqxx.
apply/mnmP=> i; case: (unliftP ord_max i) => [j ->|->] //.
by have := e j; rewrite !mnmE lift_max_widen.
Qed.

Lemma mcoeff_sum (n : nat) (I : Type) (r : seq I) (F : I -> {mpoly R[n]}) (k : 'X_{1..n}) :
  (\sum_(i <- r) F i)@_k = \sum_(i <- r) (F i)@_k.
Proof. exact: raddf_sum. Qed.

(** The coefficients of [muni p] are those of [p]. *)
Lemma mcoeff_muni p (mm : 'X_{1..m.+1}) :
  ((muni p)`_(mm ord_max))@_[multinom mm (widen i) | i < m] = p@_mm.
Proof.
rewrite muniE coef_sum (@mcoeff_sum m) [in RHS](mpolyE p) (@mcoeff_sum m.+1).
apply: eq_bigr => m' _.
rewrite coefZ coefXn mulr_natr mcoeffMn !mcoeffZ !mcoeffX -mulrnAr -mulr_natr -natrM mulnb.
by rewrite [mm ord_max == _]eq_sym mnm_last_eq.
Qed.

Lemma muni_eq0 p : (muni p == 0) = (p == 0).
Proof.
apply/eqP/eqP=> [e|->]; last exact: muni0.
by apply/mpolyP=> mm; rewrite -mcoeff_muni e coef0 !mcoeff0.
Qed.

End LastVariable.

(** A nonzero polynomial over an integral domain has finitely many roots (listed by [s]). *)
Lemma poly_roots_seq (F : idomainType) (q : {poly F}) :
  q != 0 -> exists s : seq F, forall t, q.[t] = 0 -> t \in s.
Proof.
move: {2}(size q) (leqnn (size q)) => n; elim: n q => [|n IH] q sq q0.
  by move: sq; rewrite size_poly_leq0 (negbTE q0).
have [[a qa]|noroot] := pselect (exists a, q.[a] = 0); last first.
  by exists [::] => t qt; case: noroot; exists t.
have /factor_theorem [q' eq] : root q a by exact/rootP.
have q'0 : q' != 0 by apply: contraNneq q0 => e; rewrite eq e mul0r.
have [|s hs] := IH q' _ q'0.
  by move: sq; rewrite eq size_Mmonic ?monicXsubC // size_XsubC addn2.
exists (a :: s) => t; rewrite eq hornerM hornerXsubC => /eqP.
by rewrite mulf_eq0 subr_eq0 inE => /orP[/eqP/hs ->|->]; rewrite ?orbT.
Qed.

Section Measurable.

Variable R : realType.
Context d (T : measurableType d).

(** Finite sums and products of measurable real functions are measurable. *)
Lemma measurable_fun_sum (I : Type) (r : seq I) (P : pred I) (f : I -> T -> R) :
  (forall i, measurable_fun setT (f i)) ->
  measurable_fun setT (fun x => \sum_(i <- r | P i) f i x).
Proof.
move=> mf; elim: r => [|i r IH].
  by under eq_fun do rewrite big_nil; exact: measurable_fun_cst.
under eq_fun do rewrite big_cons; case: (P i) => //.
exact: measurable_funD.
Qed.

Lemma measurable_fun_prod (I : Type) (r : seq I) (P : pred I) (f : I -> T -> R) :
  (forall i, measurable_fun setT (f i)) ->
  measurable_fun setT (fun x => \prod_(i <- r | P i) f i x).
Proof.
move=> mf; elim: r => [|i r IH].
  by under eq_fun do rewrite big_nil; exact: measurable_fun_cst.
under eq_fun do rewrite big_cons; case: (P i) => //.
exact: measurable_funM.
Qed.

End Measurable.

Section ZeroSet.

Variable R : realType.

(** Polynomial evaluation at the coordinates is a measurable function on [R^m]. *)
Lemma measurable_meval m (p : {mpoly R[m]}) : measurable_fun setT (fun x : Rm R m => p.@[coord x]).
Proof.
under eq_fun do rewrite mevalE.
apply: measurable_fun_sum => mm; apply: measurable_funrM.
by apply: measurable_fun_prod => i; apply: measurable_fun_exprn; exact: measurable_coord.
Qed.

Definition zero_set m (p : {mpoly R[m]}) : set (Rm R m) := [set x | p.@[coord x] = 0].

Lemma measurable_zero_set m (p : {mpoly R[m]}) : measurable (zero_set p).
Proof.
by have := measurable_meval p measurableT (measurable_set1 (0 : R)); rewrite setTI.
Qed.

Local Open Scope ereal_scope.

(** Where the leading coefficient in the last variable does not vanish, the section of the
    zero set is finite. *)
Lemma zero_set_section m (p : {mpoly R[m.+1]}) (x : Rm R m) :
  p != 0%R -> ((lead_coef (muni p)).@[coord x] != 0)%R ->
  exists s : seq R, xsection (zero_set p) x `<=` [set t | t \in s].
Proof.
move=> p0 cx; set q := map_poly (meval (coord x)) (muni p).
have q0 : q != 0%R.
  apply: contraNneq cx => q0; rewrite lead_coefE -coef_map.
  by rewrite -/q q0 coef0.
have [s hs] := poly_roots_seq q0; exists s => t; rewrite /xsection /zero_set /= inE /=.
rewrite meval_muni unlift_none => qt; apply: hs; rewrite -qt /q.
by congr (_.[_]); apply: eq_map_poly => c; apply: meval_eq => i; rewrite -lift_max_widen liftK.
Qed.

(** The zero set of a nonzero polynomial is a null set of Lebesgue measure on [R^m]. *)
Theorem zero_set_null m (p : {mpoly R[m]}) :
  p != 0%R -> measurable (zero_set p) /\ lebesgue_Rm R m (zero_set p) = 0.
Proof.
move=> p0; split; first exact: measurable_zero_set.
elim: m p p0 => [|m IH] p p0.
  suff -> : zero_set p = set0 by exact: measure0.
  apply/seteqP; split=> // x; rewrite /zero_set /= -[p in p.@[_]]mpolyKC mevalC => e.
  by move: p0; rewrite -[p]mpolyKC e eqxx.
set c := lead_coef (muni p).
have c0 : c != 0%R by rewrite lead_coef_eq0 muni_eq0.
have mA : measurable (zero_set c `*` [set: Rl R]) by apply: measurableM => //; exact: measurable_zero_set.
pose B := zero_set p `&` (~` zero_set c `*` [set: Rl R]).
have mB : measurable B.
  apply: measurableI; first exact: measurable_zero_set.
  by apply: measurableM => //; apply: measurableC; exact: measurable_zero_set.
apply: (subset_measure0 (measurable_zero_set p) (measurableU _ _ mA mB)).
  by move=> z Zz; have [zc|zc] := pselect (zero_set c z.1); [left|right].
apply: null_set_setU => //; first by rewrite lebesgue_RmM ?IH ?mul0e //; exact: measurable_zero_set.
rewrite lebesgue_RmE (eq_integral (cst 0)) ?integral0 // => x _.
have [xc|xc] := pselect (zero_set c x).
  suff -> : xsection B x = set0 by exact: measure0.
  by apply/seteqP; split=> // t; rewrite /xsection /= inE => -[_ []].
have [s hs] := zero_set_section p0 (introN eqP xc).
have [ms s0] := lebesgue_seq_null s.
apply: (subset_measure0 (measurable_xsection R x mB) ms _ s0) => t Bt; apply: hs.
by move: Bt; rewrite /xsection /= !inE => -[].
Qed.

(** Almost every point of [R^m] is not a zero of a nonzero polynomial. *)
Corollary ae_mpoly_neq0 m (p : {mpoly R[m]}) :
  p != 0%R -> {ae lebesgue_Rm R m, forall x, p.@[coord x] != 0%R}.
Proof.
move=> /zero_set_null [mZ Z0]; exists (zero_set p); split=> // x /= nx.
by move/negP: nx; rewrite negbK => /eqP.
Qed.

End ZeroSet.

Section AlmostEverywhere.

Context d (T : measurableType d) (R : realType) (mu : {measure set T -> \bar R}).

(** What holds almost everywhere, and implies [Q] pointwise, makes [Q] hold almost everywhere. *)
Lemma ae_mono (P Q : T -> Prop) :
  (forall x, P x -> Q x) -> {ae mu, forall x, P x} -> {ae mu, forall x, Q x}.
Proof.
move=> PQ [N [mN N0 sub]]; exists N; split=> // x /= nQ.
by apply: sub => /= Px; apply: nQ; exact: PQ.
Qed.

Lemma ae_and (P Q : T -> Prop) :
  {ae mu, forall x, P x} -> {ae mu, forall x, Q x} -> {ae mu, forall x, P x /\ Q x}.
Proof.
move=> [N [mN N0 sN]] [M [mM M0 sM]]; exists (N `|` M); split.
- exact: measurableU.
- exact: null_set_setU.
- move=> x /= nPQ; have [Px|nPx] := pselect (P x); last by left; exact: sN.
  by right; apply: sM => /= Qx; exact: nPQ.
Qed.

End AlmostEverywhere.
