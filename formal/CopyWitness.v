(** * The copy witness: rank at least [r ^ (2k - 1)] when [r * r <= n]

    Symbols are pairs of bond states: the letter [x < r * r] stands for [(a, b) = (x %/ r, x %% r)]
    ([enc] is the inverse, defined when [r * r <= n]); the letters [x >= r * r] stand for no pair
    and get zero cores.  Bond dimension [r]; the cores (0-based, [[.]] the Iverson bracket):
    - first: [G_1((a, b))[beta] = [beta = b]];
    - internal: [G((a, b))[alpha, beta] = [alpha = a][beta = b]];
    - last: [G_d((a, b))[alpha] = [alpha = a]].
    So [G_1((a, b)) = e_b], [G((a, b)) = e_a^T e_b] and [G_d((a, b)) = e_a^T] ([first_enc],
    [core_enc], [last_enc]), and the entry at [(a_1, b_1) ... (a_d, b_d)] is the product of the
    [[b_i = a_(i+1)]]: each letter copies its second state to the next letter's first.

    The permutation block, for [d = 2k]: the row [u = (w_1, w_3, ...)] is indexed by the [2k - 1]
    states [(b_1, a_3, b_3, ..., a_(2k-1), b_(2k-1))] ([row_word]; [a_1] is not read, we take
    [a_1 = b_1]); the column [v = (w_2, w_4, ...)] by [(a_2, b_2, a_4, b_4, ..., a_(2k))]
    ([col_word]; [b_(2k)] is not read, we take [b_(2k) = a_(2k)]), the same index shifted by one
    state.  Reading the tail two letters at a time, [e_s G(w_(2j)) G(w_(2j+1)) = [s = a_(2j)]
    [b_(2j) = a_(2j+1)] e_(b_(2j+1))] ([tail_block], by induction), so the entry at
    [(row_word i, col_word j)] is [[i = j]] ([copy_entry_block]): an identity block of side
    [r * (r * r) ^ (k - 1) = r ^ (2k - 1)], whence the rank bound ([copy_rank]). *)

From mathcomp Require Import all_ssreflect all_algebra.
From TTExpr Require Import Matricization TensorTrain.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section CopyWitness.

Variable F : fieldType.
Variables n r : nat.

(** The letter [x] names the pair [(x %/ r, x %% r)] when [x < r * r]. *)
Definition is_pair (x : 'I_n) := (x < r * r)%N.

Definition copy_first (x : 'I_n) : 'rV[F]_r :=
  \row_b (is_pair x && ((x %% r)%N == b :> nat))%:R.

Definition copy_core (x : 'I_n) : 'M[F]_r :=
  \matrix_(a, b) [&& is_pair x, (x %/ r)%N == a :> nat & (x %% r)%N == b :> nat]%:R.

Definition copy_last (x : 'I_n) : 'cV[F]_r :=
  \col_a (is_pair x && ((x %/ r)%N == a :> nat))%:R.

Definition copy_tt : ett F n r := ETT copy_first copy_core copy_last.

Notation e_ s := (delta_mx 0 s : 'rV[F]_r).

Section Pairs.

Hypothesis rrn : (r * r <= n)%N.

Lemma pair_lt (a b : 'I_r) : (a * r + b < r * r)%N.
Proof.
apply: (@leq_trans (a.+1 * r)); first by rewrite mulSnr ltn_add2l.
by rewrite leq_mul2r ltn_ord orbT.
Qed.

Definition enc (p : 'I_r * 'I_r) : 'I_n := Ordinal (leq_trans (pair_lt p.1 p.2) rrn).

Lemma enc_pair a b : is_pair (enc (a, b)).
Proof. exact: pair_lt. Qed.

Lemma enc_div a b : ((enc (a, b)) %/ r)%N = a.
Proof.
have r0 : (0 < r)%N by exact: leq_ltn_trans (leq0n _) (ltn_ord a).
by rewrite /= divnMDl // divn_small // addn0.
Qed.

Lemma enc_mod a b : ((enc (a, b)) %% r)%N = b.
Proof. by rewrite /= modnMDl modn_small. Qed.

Lemma first_enc a b : copy_first (enc (a, b)) = e_ b.
Proof. by apply/rowP=> j; rewrite !mxE enc_pair enc_mod val_eqE (eq_sym b) eqxx. Qed.

Lemma core_enc a b : copy_core (enc (a, b)) = delta_mx a b.
Proof.
by apply/matrixP=> i j; rewrite !mxE enc_pair enc_div enc_mod !val_eqE (eq_sym a) (eq_sym b).
Qed.

Lemma last_enc a b : copy_last (enc (a, b)) = (e_ a)^T.
Proof. by apply/colP=> i; rewrite !mxE enc_pair enc_div val_eqE (eq_sym a) eqxx. Qed.

Lemma e_mul (s a b : 'I_r) : e_ s *m delta_mx a b = (s == a)%:R *: e_ b.
Proof.
by rewrite mul_delta_mx_cond; case: eqP => _; rewrite ?scale1r ?scale0r ?mulr1n ?mulr0n.
Qed.

(** The columns: [(c, [(p_1, q_1); ...; (p_m, q_m)])] is the word
    [(c, p_1) (q_1, p_2) ... (q_(m-1), p_m) (q_m, q_m)] (for [m = 0], the one letter [(c, c)]). *)
Fixpoint cols (c : 'I_r) (t : seq ('I_r * 'I_r)) : seq 'I_n :=
  if t is (p, q) :: t' then enc (c, p) :: cols q t' else [:: enc (c, c)].

Lemma size_cols c t : size (cols c t) = (size t).+1.
Proof. by elim: t c => [|[p q] t IH] c //=; rewrite IH. Qed.

Lemma tail_block (s c : 'I_r) (t t' : seq ('I_r * 'I_r)) (y : 'I_n) (v : seq 'I_n) :
  size t = size t' -> cols c t' = y :: v ->
  (e_ s *m oe_tail copy_tt y (map enc t) v) 0 0 = ((s == c) && (t == t'))%:R.
Proof.
elim: t t' s c y v => [|[p q] t IH] [|[p' q'] t'] //= s c y v.
  move=> _ [<- _]; rewrite /= last_enc trmx_delta mul_delta_mx_cond.
  by case: eqP => _; rewrite ?mulr1n ?mulr0n !mxE.
case=> st [<- <-]; case E : (cols q' t') => [|y2 v2]; first by move: (size_cols q' t'); rewrite E.
rewrite /= !core_enc !mulmxA e_mul -scalemxAl e_mul -!scalemxAl 2!mxE (IH t' q q' y2 v2 st E).
rewrite -!natrM !mulnb eqseq_cons xpair_eqE (eq_sym p).
by case: (s == c); case: (p' == p); case: (q == q'); case: (t == t').
Qed.

Variable k : nat.

Definition row_word (i : 'I_r * k.-tuple ('I_r * 'I_r)) : k.+1.-tuple 'I_n :=
  [tuple of enc (i.1, i.1) :: map_tuple enc i.2].

Lemma size_col_word (i : 'I_r * k.-tuple ('I_r * 'I_r)) : size (cols i.1 i.2) == k.+1.
Proof. by rewrite size_cols size_tuple. Qed.

Definition col_word (i : 'I_r * k.-tuple ('I_r * 'I_r)) : k.+1.-tuple 'I_n :=
  Tuple (size_col_word i).

(** The identity block. *)
Lemma copy_entry_block (i j : 'I_r * k.-tuple ('I_r * 'I_r)) :
  tt_entry copy_tt (interleave (row_word i) (col_word j)) = (i == j)%:R.
Proof.
case: i j => c t [c' t'] /=.
case E : (cols c' t') => [|y v]; first by move: (size_cols c' t'); rewrite E.
transitivity (tt_entry copy_tt (interleave (enc (c, c) :: map enc t) (y :: v))) => //.
rewrite tt_entry_interleave /= first_enc (tail_block _ _ E); last by rewrite !size_tuple.
by rewrite xpair_eqE val_eqE.
Qed.

End Pairs.

(** The copy witness, every [k >= 1]: [d = 2k] modes of size [n >= r * r], bond dimension [r],
    the odd/even matricization has rank at least [r ^ (2k - 1)]. *)
Theorem copy_rank k : (r * r <= n)%N -> (0 < k)%N ->
  (r ^ (k.*2).-1 <= \rank (oddeven_mx copy_tt k))%N.
Proof.
case: k => // k rrn _; rewrite rank_oddeven_mx.
have := @rank_fmx_block F _ _ [finType of 'I_r * k.-tuple ('I_r * 'I_r)]
  (fun u v : k.+1.-tuple 'I_n => tt_entry copy_tt (interleave u v))
  (@row_word rrn k) (@col_word rrn k) (@copy_entry_block rrn k).
by rewrite card_prod card_tuple card_prod card_ord doubleS /= expnS -mul2n expnM mulnn.
Qed.

End CopyWitness.
