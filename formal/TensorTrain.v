(** * Tensor trains with a shared internal core, and their odd/even matricization

    Cores: the first [tt_first x : 'rV_r] (the row [x] of an [n x r] matrix), the shared internal
    [tt_core x : 'M_r] (the slice [G[:, x, :]] of an [r x n x r] tensor) and the last
    [tt_last x : 'cV_r].  The entry at a word [x :: s] of length [d >= 2] is the product
    [G_1(w_1) G(w_2) ... G(w_{d-1}) G_d(w_d)] ([tt_entry]).

    For [d = 2k] the odd/even matricization has rows indexed by the letters at the odd paper
    positions [u = (w_1, w_3, ...)] and columns by those at the even ones [v = (w_2, w_4, ...)];
    the word is [interleave u v].  [oddeven T k] indexes rows and columns by [k.-tuple 'I_n]
    (through [fmx]); [oddeven_mx T k : 'M_(n ^ k)] is the same matrix on ordinals, with the
    bijection [enum_val] between ordinals and words fixed once. *)

From mathcomp Require Import all_ssreflect all_algebra.
From TTExpr Require Import Matricization CPRank.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section TensorTrain.

Variable F : fieldType.
Variables n r : nat.

Record ett := ETT {
  tt_first : 'I_n -> 'rV[F]_r;
  tt_core : 'I_n -> 'M[F]_r;
  tt_last : 'I_n -> 'cV[F]_r
}.

Variable T : ett.

Fixpoint mprod (s : seq 'I_n) : 'M[F]_r :=
  if s is x :: s' then tt_core T x *m mprod s' else 1%:M.

Lemma mprod_cat s1 s2 : mprod (s1 ++ s2) = mprod s1 *m mprod s2.
Proof. by elim: s1 => [|x s1 IH] /=; rewrite ?mul1mx // IH mulmxA. Qed.

Definition tt_entry (w : seq 'I_n) : F :=
  if w is x :: s then (tt_first T x *m mprod (behead (belast x s)) *m tt_last T (last x s)) 0 0
  else 0.

Fixpoint interleave (u v : seq 'I_n) : seq 'I_n :=
  if u is x :: u' then (if v is y :: v' then x :: y :: interleave u' v' else [::]) else [::].

Lemma size_interleave u v : size u = size v -> size (interleave u v) = (size u).*2.
Proof.
elim: u v => [|x u IH] [|y v] //= [/IH ->]; by rewrite doubleS.
Qed.

Lemma nth_interleave x0 u v p : size u = size v ->
  nth x0 (interleave u v) p = if odd p then nth x0 v p./2 else nth x0 u p./2.
Proof.
elim: u v p => [|x u IH] [|y v] //= p; first by move=> _; rewrite !nth_nil; case: ifP.
case=> /IH {}IH; case: p => [|[|p]] //=.
by rewrite IH; case: ifP.
Qed.

(** The product read two letters at a time: [G(v_j) G(u_{j+1})], then the last core. *)
Fixpoint oe_tail (y : 'I_n) (u v : seq 'I_n) : 'cV[F]_r :=
  match u, v with
  | x :: u', y' :: v' => tt_core T y *m tt_core T x *m oe_tail y' u' v'
  | _, _ => tt_last T y
  end.

Lemma tt_entry_interleave x y u v :
  tt_entry (interleave (x :: u) (y :: v)) = (tt_first T x *m oe_tail y u v) 0 0.
Proof.
rewrite /= -mulmxA; congr ((_ *m _) 0 0).
elim: u v y => [|x' u IH] [|y' v] y //=; rewrite ?mul1mx //.
by rewrite -IH !mulmxA.
Qed.

Definition oddeven (k : nat) := fmx (fun u v : k.-tuple 'I_n => tt_entry (interleave u v)).

Lemma card_words k : #|{: k.-tuple 'I_n}| = (n ^ k)%N.
Proof. by rewrite card_tuple card_ord. Qed.

Definition oddeven_mx (k : nat) : 'M[F]_(n ^ k) := castmx (card_words k, card_words k) (oddeven k).

End TensorTrain.

Lemma rank_castmx (F : fieldType) m1 n1 m2 n2 (e : (m1 = m2) * (n1 = n2)) (A : 'M[F]_(m1, n1)) :
  \rank (castmx e A) = \rank A.
Proof. by case: e => em en; case: m2 / em; case: n2 / en; rewrite castmx_id. Qed.

Lemma rank_oddeven_mx (F : fieldType) n r (T : ett F n r) k :
  \rank (oddeven_mx T k) = \rank (oddeven T k).
Proof. exact: rank_castmx. Qed.

Section OddEvenWords.

Variables (n k : nat).

Lemma size_oe (u v : k.-tuple 'I_n) : size (interleave u v) == k.*2.
Proof. by rewrite size_interleave !size_tuple. Qed.

(** The word of the odd/even matricization's entry [(u, v)], as a tuple of length [2k]. *)
Definition oe_word (u v : k.-tuple 'I_n) : (k.*2).-tuple 'I_n := Tuple (size_oe u v).

Lemma tnth_oe_word (u v : k.-tuple 'I_n) (p : 'I_(k.*2)) :
  tnth (oe_word u v) p = nth (tnth (oe_word u v) p) (if odd p then v else u) p./2.
Proof.
set x0 := tnth (oe_word u v) p; rewrite {1}/x0 (tnth_nth x0) /= nth_interleave ?size_tuple //.
by case: ifP.
Qed.

Lemma half_lt (p : 'I_(k.*2)) : (p./2 < k)%N.
Proof. by rewrite -ltn_double (leq_ltn_trans _ (ltn_ord p)) // -{2}(odd_double_half p) leq_addl. Qed.

Lemma oe_word_splits : splits [set p : 'I_(k.*2) | ~~ odd p] oe_word.
Proof.
split=> [u v v' p | u u' v p]; rewrite inE => pS; rewrite tnth_oe_word [in RHS]tnth_oe_word.
  by rewrite (negbTE pS); apply: set_nth_default; rewrite size_tuple half_lt.
by rewrite negbK in pS; rewrite pS; apply: set_nth_default; rewrite size_tuple half_lt.
Qed.

End OddEvenWords.

(** Lemma 1 for the odd/even matricization of a tensor train (any cores). *)
Theorem cp_rank_ge_oddeven_rank (F : fieldType) n r (T : ett F n r) k (R : nat) :
  cp_rank_le (fun w : (k.*2).-tuple 'I_n => tt_entry T w) R -> (\rank (oddeven_mx T k) <= R)%N.
Proof.
move=> cp; rewrite rank_oddeven_mx.
have -> : oddeven T k = fmx (fun u v => (fun w : (k.*2).-tuple 'I_n => tt_entry T w) (oe_word u v)).
  by [].
exact: cp_rank_ge_matricization_rank (oe_word_splits n k) cp.
Qed.
