(** * Rank and minors: [s <= \rank A] iff some [s x s] minor of [A] is nonzero

    For a matrix [A : 'M[F]_(m, n)] over a field, [mxsub f g A] is the submatrix on the rows
    [f : 'I_s -> 'I_m] and the columns [g : 'I_s -> 'I_n]; its determinant is a minor of [A].
    [rank_minorP]: [s <= \rank A] exactly when some [s x s] minor on injective choices of rows
    and columns is nonzero.  One direction is [mxrankM_maxl] / [mxrankM_maxr] (a submatrix has
    no larger rank); the other takes [s] of the independent rows that MathComp's [maxrankfun]
    selects ([row_free_rowsub]: distinct rows of a row-free matrix are row-free), then [s]
    independent columns of those with [fullrankfun] on the transpose. *)

From mathcomp Require Import all_ssreflect all_algebra.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section Minors.

Variable F : fieldType.

Lemma widen_ord_inj s m (le : (s <= m)%N) : injective (widen_ord le).
Proof. by move=> i j /(congr1 val) /= eij; apply: val_inj. Qed.

(** Distinct rows of a row-free matrix are row-free. *)
Lemma row_free_rowsub m m' n (f : 'I_m' -> 'I_m) (A : 'M[F]_(m, n)) :
  injective f -> row_free A -> row_free (rowsub f A).
Proof.
move=> f_inj /row_freeP [B AB]; apply: inj_row_free => v.
rewrite rowsubE mulmxA => /(congr1 (mulmx^~ B)); rewrite -mulmxA AB mulmx1 mul0mx => vf0.
apply/rowP=> i; have := congr1 (fun u : 'rV[F]_m => u 0 (f i)) vf0; rewrite !mxE.
rewrite (bigD1 i) //= !mxE eqxx mulr1 big1 ?addr0 // => j ji.
by rewrite !mxE (inj_eq f_inj) (negbTE ji) mulr0.
Qed.

(** A submatrix has no larger rank. *)
Lemma rank_mxsub m n s t (f : 'I_s -> 'I_m) (g : 'I_t -> 'I_n) (A : 'M[F]_(m, n)) :
  (\rank (mxsub f g A) <= \rank A)%N.
Proof.
rewrite mxsubrc rowsubE; apply: leq_trans (mxrankM_maxr _ _) _.
by rewrite -{1}[A]mulmx1 -mulmx_colsub; exact: mxrankM_maxl.
Qed.

(** [s <= \rank A] iff some [s x s] minor (injective rows and columns) is nonzero. *)
Theorem rank_minorP m n (A : 'M[F]_(m, n)) s :
  reflect (exists f : 'I_s -> 'I_m, exists g : 'I_s -> 'I_n,
             [/\ injective f, injective g & \det (mxsub f g A) != 0])
          (s <= \rank A)%N.
Proof.
apply: (iffP idP) => [le|[f [g [_ _ nz]]]]; last first.
  have <- : \rank (mxsub f g A) = s by apply: mxrank_unit; rewrite unitmxE unitfE.
  exact: rank_mxsub.
pose f := maxrankfun A \o widen_ord le.
have freeB : row_free (rowsub f A).
  by rewrite rowsub_comp; apply: row_free_rowsub (maxrowsub_free A); exact: widen_ord_inj.
have fullB : row_full (rowsub f A)^T by rewrite /row_full mxrank_tr.
have := fullrowsub_unit fullB; move: (@fullrankfun_inj _ _ _ _ fullB).
move: (fullrankfun fullB) => g g_inj unit; exists f, g; split => //.
  by apply: inj_comp; [exact: maxrankfun_inj | exact: widen_ord_inj].
rewrite -det_tr trmx_mxsub -unitfE -unitmxE.
suff -> : mxsub g f A^T = rowsub g (rowsub f A)^T by [].
by apply/matrixP=> i j; rewrite !mxE.
Qed.

End Minors.
